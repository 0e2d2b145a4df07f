import Autograd
import AutogradNN
import AutogradPlot

/// The pictures `autograd train` draws.
enum TrainingPictures {
    /// The mean loss per epoch.
    static func lossChart(_ reports: [EpochReport]) -> Chart {
        Chart(
            title: "Training loss", xLabel: "epoch", yLabel: "cross-entropy",
            layers: [.line(LineLayer(x: reports.map { Double($0.epoch) }, y: reports.map(\.loss), name: "loss"))])
    }

    /// The classes the model predicts over the data's extent, with the data on top.
    static func decisionBoundary(_ training: ClassifierTraining, resolution: Int = 120) -> Chart {
        let values = training.data.features.scalars
        let xs = stride(from: 0, to: values.count, by: 2).map { values[$0] }
        let ys = stride(from: 1, to: values.count, by: 2).map { values[$0] }
        let xRange = (xs.min()! - 0.5)...(xs.max()! + 0.5)
        let yRange = (ys.min()! - 0.5)...(ys.max()! + 0.5)
        var grid: [Double] = []
        grid.reserveCapacity(resolution * resolution * 2)
        for row in 0..<resolution {
            let y = yRange.lowerBound + (yRange.upperBound - yRange.lowerBound) * Double(row) / Double(resolution - 1)
            for column in 0..<resolution {
                grid += [xRange.lowerBound + (xRange.upperBound - xRange.lowerBound) * Double(column) / Double(resolution - 1), y]
            }
        }
        let predicted = training.predictedClasses(Tensor(grid, shape: [resolution * resolution, 2], dtype: training.data.features.dtype))
        let classes = (0..<resolution).map { row in Array(predicted[(row * resolution)..<((row + 1) * resolution)]) }
        let indexOf = Dictionary(uniqueKeysWithValues: training.classValues.enumerated().map { ($1, $0) })
        let layer = DecisionRegionLayer(
            regions: .classes(classes), xRange: xRange, yRange: yRange,
            points: zip(xs, ys).map { ChartPoint(x: $0, y: $1) },
            pointClasses: training.data.labels.scalars.map { indexOf[$0] ?? 0 }, name: "data")
        return Chart(title: "Decision boundary", xLabel: "x0", yLabel: "x1", layers: [.decisionRegions(layer)])
    }
}
