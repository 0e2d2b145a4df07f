import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The elements of an SVG file, parsed with Foundation's XMLParser: proof the file is well-formed XML,
/// and something to count what a chart rendered.
final class SVGElements: NSObject, XMLParserDelegate {
    /// One element: its name, attributes and the classes of the elements it sits in.
    struct Element {
        var name: String
        var attributes: [String: String]
        var ancestorClasses: [String]
    }

    private(set) var elements: [Element] = []
    private var stack: [String] = []
    /// The text content of every element, joined.
    private(set) var allText = ""

    /// Parses the SVG in `url`; throws if it is not well-formed XML.
    static func parse(contentsOf url: URL) throws -> SVGElements {
        let data = try Data(contentsOf: url)
        let parser = XMLParser(data: data)
        let collector = SVGElements()
        parser.delegate = collector
        guard parser.parse() else {
            throw parser.parserError ?? CocoaError(.fileReadCorruptFile)
        }
        return collector
    }

    /// The elements called `name`, optionally only those with class `className`.
    func named(_ name: String, class className: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        elements.append(Element(name: elementName, attributes: attributeDict, ancestorClasses: stack))
        stack.append(attributeDict["class"] ?? "")
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        allText += string
    }
}

/// A fresh temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}
