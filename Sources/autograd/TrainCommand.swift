import ArgumentParser
import Autograd
import AutogradNN
import AutogradPlot
import Foundation

extension OptimizerKind: ExpressibleByArgument {}

/// `autograd train`: trains an MLP classifier and draws its loss curve and decision boundary.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an MLP classifier (on built-in two-moons data unless --data is given).",
        discussion: """
            Writes loss.svg and decision-boundary.svg (for two features) to --out. With --data, the CSV \
            file needs a header line; the last column is the class label (at most \(TrainCommand.maximumClasses) \
            distinct values), the others are features; every value must be a finite Float32 number.
            """)

    @Option(help: ArgumentHelp("A CSV file: a header, then rows of numbers; the last column is the label.", valueName: "file.csv"))
    var data: String?

    @Option(help: ArgumentHelp(
        "Hidden layer sizes, comma-separated (at most \(TrainCommand.maximumHiddenLayers) layers of \(TrainCommand.maximumLayerSize)).",
        valueName: "sizes"))
    var hidden: String = "16,16"

    @Option(help: "Passes over the data (at most \(TrainCommand.maximumEpochs)).")
    var epochs: Int = 200

    @Option(help: "The learning rate.")
    var lr: Double = 0.02

    @Option(help: "The optimizer: \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var optimizer: OptimizerKind = .adam

    @Option(help: "Examples per mini-batch.")
    var batchSize: Int = 32

    @Option(help: "The seed for the data, the initial weights and the shuffling.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("The directory for the pictures.", valueName: "dir"))
    var out: String = "autograd-output"

    func run() throws {
        var settings = ClassifierConfiguration()
        settings.hidden = try parseHidden()
        guard (1...Self.maximumEpochs).contains(epochs) else {
            throw UserError("--epochs must be from 1 to \(Self.maximumEpochs), not \(epochs)")
        }
        guard lr > 0, lr.isFinite else { throw UserError("--lr must be a positive number, not \(lr)") }
        guard batchSize >= 1 else { throw UserError("--batch-size must be at least 1, not \(batchSize)") }
        (settings.epochs, settings.learningRate, settings.optimizer, settings.batchSize, settings.seed) =
            (epochs, lr, optimizer, batchSize, seed)
        let dataset = try loadData()
        let classCount = Set(dataset.labels.scalars).count
        guard classCount >= 2 else { throw UserError("the labels hold only one class") }
        guard classCount <= Self.maximumClasses else {
            throw UserError("the labels hold \(classCount) different values; a classifier here takes at most \(Self.maximumClasses) classes")
        }
        let directory = try URL(userPath: out, for: "--out")
        // Found before training rather than after it: a picture's path that is a folder.
        for name in ["loss.svg", "decision-boundary.svg"] {
            var isFolder: ObjCBool = false
            let path = directory.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw UserError("cannot write \(path): it is a directory")
            }
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw UserError("cannot create the output directory \(out): \(error.localizedDescription)")
        }
        // A folder the pictures cannot go into is found now too, before any work is done.
        guard access(directory.path, W_OK | X_OK) == 0 else {
            throw UserError("cannot write into the output directory \(out): \(String(cString: strerror(errno)))")
        }

        let training = ClassifierTraining(data: dataset, configuration: settings)
        let sizes = [dataset.features.shape[1]] + settings.hidden + [training.classValues.count]
        print("Training an MLP \(sizes.map(String.init).joined(separator: " → ")) on \(dataset.count) examples "
              + "(\(settings.optimizer.rawValue), lr \(settings.learningRate), batch \(settings.batchSize), \(settings.epochs) epochs)")
        let progress = ProgressDisplay(total: settings.epochs, interactive: isatty(STDOUT_FILENO) != 0)
        let reports = training.run { progress.show($0) }
        progress.finish()
        let final = reports.last!
        print("Final accuracy: \(String(format: "%.1f", final.accuracy * 100))% (loss \(String(format: "%.4f", final.loss)), \(String(format: "%.2f", final.elapsed)) s)")

        try write(TrainingPictures.lossChart(reports), to: directory.appendingPathComponent("loss.svg"))
        if dataset.features.shape[1] == 2 {
            try write(TrainingPictures.decisionBoundary(training), to: directory.appendingPathComponent("decision-boundary.svg"))
        } else {
            // A picture an earlier run left there is kept (it is the user's file now), but said to be old.
            let earlier = directory.appendingPathComponent("decision-boundary.svg").path
            let note = FileManager.default.fileExists(atPath: earlier) ? "; the one in \(out) is from an earlier run" : ""
            print("(decision-boundary.svg is drawn only for two features; this data has \(dataset.features.shape[1])\(note))")
        }
    }

    // Limits on what one command line can ask for, far above a demo's needs, so that a typo never
    // becomes hours of work or a failed allocation: layers of at most 4,096 units (a 4,096² weight
    // matrix is 64 MB in Float32), at most 16 of them, 1,000,000 epochs and 1,000 classes (accuracy
    // takes one logit per class and example).
    static let maximumLayerSize = 4_096
    static let maximumHiddenLayers = 16
    static let maximumEpochs = 1_000_000
    static let maximumClasses = 1_000

    private func parseHidden() throws -> [Int] {
        let parts = hidden.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        // A size too large for an Int is still a whole number: it fails the size limit below.
        let sizes = parts.compactMap { part in Int(part) ?? (!part.isEmpty && part.allSatisfy({ ("0"..."9").contains($0) }) ? Int.max : nil) }
        guard sizes.count == parts.count, sizes.allSatisfy({ $0 >= 1 }) else {
            throw UserError("--hidden must be positive whole numbers separated by commas, not '\(hidden)'")
        }
        guard sizes.count <= Self.maximumHiddenLayers, sizes.allSatisfy({ $0 <= Self.maximumLayerSize }) else {
            throw UserError(
                "--hidden takes at most \(Self.maximumHiddenLayers) layers of at most \(Self.maximumLayerSize) units each, not '\(hidden)'")
        }
        return sizes
    }

    private func loadData() throws -> Dataset {
        guard let data else { return TwoMoons.generate(count: 200, noise: 0.1, seed: seed) }
        do {
            let table = try CSVTable(contentsOf: try URL(userPath: data, for: "--data"))
            guard table.columnNames.count >= 2 else {
                throw UserError("\(data): need at least one feature column and a label column")
            }
            // Training reads Float32: a value that is not finite there (nan, inf, or beyond ±3.4e38)
            // would make every loss and picture NaN.
            for (index, row) in table.rows.enumerated() {
                if let column = row.firstIndex(where: { !Float($0).isFinite }) {
                    throw UserError(
                        "\(data): data row \(index + 1), column '\(table.columnNames[column])': \(row[column]) is not a finite Float32 number")
                }
            }
            return table.dataset(dtype: .float32)
        } catch let error as CSVTable.ParseError {
            throw UserError(error.description)
        }
    }

    private func write(_ chart: Chart, to url: URL) throws {
        do {
            try chart.write(to: url)
            print("Wrote \(url.path)")
        } catch {
            throw UserError("\(error)")
        }
    }
}

/// A live progress bar on a terminal; otherwise a plain line every tenth of the run.
final class ProgressDisplay {
    let total: Int
    let interactive: Bool

    init(total: Int, interactive: Bool) {
        self.total = total
        self.interactive = interactive
    }

    func show(_ report: EpochReport) {
        let remaining = report.elapsed / Double(report.epoch) * Double(total - report.epoch)
        let summary = "epoch \(report.epoch)/\(total)  loss \(String(format: "%.4f", report.loss))  "
            + "accuracy \(String(format: "%5.1f", report.accuracy * 100))%"
        if interactive {
            let width = 30, filled = width * report.epoch / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            print("\r\(bar) \(summary)  \(String(format: "%.1f", remaining)) s left ", terminator: "")
            fflush(nil)
        } else if report.epoch % Swift.max(1, total / 10) == 0 || report.epoch == total {
            print(summary)
        }
    }

    func finish() {
        if interactive { print("") }
    }
}
