//! The explorer: one self-contained HTML page around the caller's data and diagram.

/// The page's skeleton, style and script (the script only reads the embedded data).
const PAGE: &str = include_str!("explorer/page.html");
const STYLE: &str = include_str!("explorer/style.css");
const SCRIPT: &str = include_str!("explorer/script.js");

/// The explorer page: one HTML document that needs nothing but itself (no network request,
/// no web font), showing `diagram_svg` (a Graphviz SVG of the status diagram, whose nodes
/// and edges carry Graphviz's `<title>`s: `ACTIVE`, `ACTIVE->REBOOT`) and answering every
/// question from `data_json`, a JSON document the caller computes with this library.
///
/// The library has no JSON serialiser at run time, so the caller builds the document; the
/// `server-lifecycle html` command is the one that does (its `cli/src/html.rs` documents
/// the shape). The page's script only looks answers up in that document: it holds no copy
/// of the model.
///
/// The JSON is embedded in a `<script type="application/json">` element with every `<`
/// written as `\u003c`, so no string in it can end the element. The SVG loses its XML
/// prolog and its fixed size (the page scales it).
///
/// # Examples
///
/// ```
/// use server_lifecycle::render::explorer_html;
///
/// let svg = r#"<?xml version="1.0"?><svg width="10pt" height="10pt" viewBox="0 0 10 10"></svg>"#;
/// let page = explorer_html(r#"{"note": "</script>"}"#, svg);
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains(r#"{"note": "\u003c/script>"}"#));
/// assert!(page.contains(r#"<svg viewBox="0 0 10 10">"#));
/// assert!(!page.contains("<?xml"));
/// ```
#[must_use]
pub fn explorer_html(data_json: &str, diagram_svg: &str) -> String {
    let data = data_json.replace('<', "\\u003c");
    let svg = inline_svg(diagram_svg);
    // One pass over the template: text inserted for one marker is never searched again.
    let parts = [
        ("/*STYLE*/", STYLE.trim_end()),
        ("<!--DIAGRAM-->", svg.as_str()),
        ("/*DATA*/", data.as_str()),
        ("/*SCRIPT*/", SCRIPT.trim_end()),
    ];
    let mut page = String::with_capacity(PAGE.len() + data.len() + svg.len() + SCRIPT.len());
    let mut rest = PAGE;
    for (marker, text) in parts {
        if let Some((before, after)) = rest.split_once(marker) {
            page.push_str(before);
            page.push_str(text);
            rest = after;
        }
    }
    page.push_str(rest);
    page
}

/// The SVG element alone (no XML prolog, doctype or comments before it), without its
/// fixed `width` and `height` so that the page can scale it by its `viewBox`.
fn inline_svg(svg: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    let svg = svg[start..].trim_end();
    let tag_end = svg.find('>').map_or(svg.len(), |end| end + 1);
    let (tag, rest) = svg.split_at(tag_end);
    let tag: String = tag
        .split_inclusive(char::is_whitespace)
        .filter(|part| {
            let part = part.trim_start();
            !(part.starts_with("width=") || part.starts_with("height="))
        })
        .collect();
    let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{tag}{rest}")
}

#[cfg(test)]
mod tests {
    use super::inline_svg;

    #[test]
    fn the_svg_loses_its_prolog_and_size_and_keeps_everything_else() {
        let svg = "<?xml version=\"1.0\"?>\n<!-- x -->\n<svg width=\"2264pt\" height=\"1119pt\"\n viewBox=\"0 0 1 1\" xmlns=\"http://www.w3.org/2000/svg\">\n<g/>\n</svg>\n";
        assert_eq!(
            inline_svg(svg),
            "<svg viewBox=\"0 0 1 1\" xmlns=\"http://www.w3.org/2000/svg\">\n<g/>\n</svg>"
        );
    }
}
