import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One parsed SVG element: its name, attributes and the text directly inside it.
struct InspectedElement {
    let name: String
    let attributes: [String: String]
    var text: String
}

/// An SVG document parsed with Foundation's XMLParser, flattened to its elements in document order.
struct SVGInspection {
    let elements: [InspectedElement]

    /// Parses `svg`; nil when it is not well-formed XML.
    init?(_ svg: String) {
        let collector = ElementCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        guard parser.parse(), collector.failed == false else { return nil }
        elements = collector.elements
    }

    /// The elements called `name`.
    func all(_ name: String) -> [InspectedElement] {
        elements.filter { $0.name == name }
    }

    /// How many elements are called `name`.
    func count(_ name: String) -> Int {
        all(name).count
    }
}

private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [InspectedElement] = []
    var failed = false
    private var open: [Int] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        open.append(elements.count)
        elements.append(InspectedElement(name: elementName, attributes: attributes, text: ""))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        failed = true
    }
}
