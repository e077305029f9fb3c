//! A forgiving HTML fragment parser and a writer that keeps ids unique.
//!
//! The redline works on the tree of a rendered policy: pulldown-cmark's
//! output plus whatever raw HTML an editor wrote, minified or not. The parser
//! follows the parts of the HTML tree-building rules that such fragments
//! need (void elements, end tags a browser would imply for `p`, `li`, table
//! parts, stray end tags ignored, raw text in `script`/`style`), and never
//! fails: what a browser would repair, it repairs the same way. Nesting is
//! capped, so no input makes the redline's recursion deep.

// Fx, not SipHash: ids are looked up for every element a redline writes.
use rustc_hash::FxHashSet as HashSet;

/// Deeper elements are flattened into their ancestor at this depth.
pub const MAX_DEPTH: usize = 128;

/// One node of a fragment. Text keeps its entities as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    Text(String),
    Element(Element),
    /// A comment, doctype or processing instruction, as written.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Element {
    /// Lower-case tag name.
    pub name: Name,
    /// Attributes as written (lower-case names, values without quotes, entities kept).
    pub attrs: Vec<(Name, Option<String>)>,
    pub children: Vec<Node>,
}

/// A lower-case tag or attribute name. The names Markdown makes are
/// borrowed, not allocated: a policy's parse is a third smaller, and
/// hashes and compares as a `String` would.
pub type Name = std::borrow::Cow<'static, str>;

/// `s` lower-cased, as a [`Name`].
fn lower_name(s: &str) -> Name {
    macro_rules! common {
        ($s:expr; $($n:literal)*) => { match $s { $($n => Some($n),)* _ => None } };
    }
    let lower;
    let s = if s.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = s.to_ascii_lowercase();
        lower.as_str()
    } else {
        s
    };
    let known = common!(s;
        "p" "a" "li" "ul" "ol" "h1" "h2" "h3" "h4" "h5" "h6" "em" "strong" "code" "pre" "blockquote"
        "table" "thead" "tbody" "tr" "th" "td" "br" "hr" "img" "sup" "sub" "span" "div" "section"
        "del" "ins" "details" "summary" "dl" "dt" "dd" "input" "abbr" "b" "i" "s" "u" "small" "mark"
        "figure" "figcaption" "caption" "nav" "kbd" "address" "time"
        "id" "href" "class" "title" "lang" "dir" "src" "alt" "type" "checked" "disabled" "start"
        "style" "colspan" "rowspan" "scope" "rel" "hreflang" "datetime" "width" "height");
    match known {
        Some(n) => Name::Borrowed(n),
        None => Name::Owned(s.to_string()),
    }
}

const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// Elements whose start tag closes an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// Phrasing elements: text-level markup that may sit inside a paragraph.
pub const PHRASING: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img", "ins",
    "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    "wbr", "input", "button", "select", "abbr", "ruby", "rt", "rp", "svg", "math",
];

pub fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

pub fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).and_then(|(_, v)| v.as_deref())
    }

    /// Whether this element and everything in it is phrasing content.
    pub fn is_inline(&self) -> bool {
        PHRASING.contains(&&*self.name)
            && self.children.iter().all(|c| match c {
                Node::Element(e) => e.is_inline(),
                _ => true,
            })
    }
}

impl Node {
    pub fn is_inline(&self) -> bool {
        match self {
            Node::Text(_) => true,
            Node::Element(e) => e.is_inline(),
            Node::Other(_) => false,
        }
    }
}

/// Parses a fragment of HTML into nodes.
pub fn parse(html: &str) -> Vec<Node> {
    let mut b = Builder { root: Vec::new(), open: Vec::new() };
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i = memchr::memchr(b'<', &bytes[i..]).map_or(bytes.len(), |at| i + at);
            continue;
        }
        let rest = &html[i..];
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        let (len, token) = if let Some(comment) = rest.strip_prefix("<!--") {
            let len = comment.find("-->").map_or(rest.len(), |e| e + 7);
            (len, Token::Other(&rest[..len]))
        } else if next == b'!' || next == b'?' {
            let len = rest.find('>').map_or(rest.len(), |e| e + 1);
            (len, Token::Other(&rest[..len]))
        } else if next == b'/' && bytes.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
            let len = rest.find('>').map_or(rest.len(), |e| e + 1);
            let name = tag_name(&rest[2..]);
            (len, Token::End(name))
        } else if next.is_ascii_alphabetic() {
            match start_tag(rest) {
                Some((len, el, self_closing)) => (len, Token::Start(el, self_closing)),
                None => {
                    i += 1;
                    continue;
                }
            }
        } else {
            i += 1;
            continue;
        };
        if text_start < i {
            b.text(&html[text_start..i]);
        }
        i += len;
        match token {
            Token::Other(s) => b.push(Node::Other(s.to_string())),
            Token::End(name) => b.end(&name),
            Token::Start(mut el, self_closing) => {
                if RAW_TEXT.contains(&&*el.name) {
                    let close = format!("</{}", el.name);
                    let body_end =
                        crate::html::find_ignore_case(&html[i..], &close).map_or(html.len(), |e| i + e);
                    if body_end > i {
                        el.children.push(Node::Text(html[i..body_end].to_string()));
                    }
                    i = html[body_end..].find('>').map_or(html.len(), |e| body_end + e + 1);
                    b.implied_end(&el.name);
                    b.push(Node::Element(el));
                } else if is_void(&el.name) || self_closing {
                    b.implied_end(&el.name);
                    b.push(Node::Element(el));
                } else {
                    b.start(el);
                }
            }
        }
        text_start = i;
    }
    if text_start < html.len() {
        b.text(&html[text_start..]);
    }
    b.finish()
}

enum Token<'a> {
    Start(Element, bool),
    End(Name),
    Other(&'a str),
}

fn tag_name(s: &str) -> Name {
    lower_name(s.split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').next().unwrap_or(""))
}

/// The value of attribute `name` in the start tag at the beginning of `tag`
/// (`<h2 id=retention>`), quoted or not, as [`parse`] reads it.
pub fn tag_attribute(tag: &str, name: &str) -> Option<String> {
    let (_, element, _) = start_tag(tag)?;
    element.attr(name).map(str::to_string)
}

/// A start tag at the beginning of `s`: its length, the element, whether it ends in `/>`.
fn start_tag(s: &str) -> Option<(usize, Element, bool)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/' {
        i += 1;
    }
    let name = lower_name(&s[1..i]);
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            self_closing = bytes[i] == b'/';
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        if bytes[i] == b'>' {
            return Some((i + 1, Element { name, attrs, children: Vec::new() }, self_closing));
        }
        self_closing = false;
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'>' | b'=' | b'/') {
            i += 1;
        }
        let attr = lower_name(&s[start..i]);
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            if !attr.is_empty() && !attrs.iter().any(|(n, _)| *n == attr) {
                attrs.push((attr, None));
            }
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = s[i + 1..].find(q as char)? + i + 1;
                let v = &s[i + 1..end];
                i = end + 1;
                v
            }
            _ => {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                &s[start..i]
            }
        };
        if !attr.is_empty() && !attrs.iter().any(|(n, _)| *n == attr) {
            attrs.push((attr, Some(value.to_string())));
        }
    }
}

struct Builder {
    root: Vec<Node>,
    /// Open elements, outermost first.
    open: Vec<Element>,
}

impl Builder {
    fn push(&mut self, node: Node) {
        match self.open.last_mut() {
            Some(parent) => parent.children.push(node),
            None => self.root.push(node),
        }
    }

    fn text(&mut self, s: &str) {
        if let Some(Node::Text(t)) =
            self.open.last_mut().map_or(self.root.last_mut(), |p| p.children.last_mut())
        {
            t.push_str(s);
            return;
        }
        self.push(Node::Text(s.to_string()));
    }

    /// Closes the innermost open element.
    fn pop(&mut self) {
        if let Some(el) = self.open.pop() {
            self.push(Node::Element(el));
        }
    }

    /// Closes open elements down to and including the innermost `name`, when
    /// it is open below the nearest of `stop`.
    fn close_to(&mut self, names: &[&str], stop: &[&str]) {
        for k in (0..self.open.len()).rev() {
            let n = &*self.open[k].name;
            if names.contains(&n) {
                while self.open.len() > k {
                    self.pop();
                }
                return;
            }
            if stop.contains(&n) {
                return;
            }
        }
    }

    /// The end tags a browser implies before a start tag of `name`.
    fn implied_end(&mut self, name: &str) {
        if CLOSES_P.contains(&name) {
            // A `<p>` open below only phrasing elements is closed.
            for k in (0..self.open.len()).rev() {
                let n = &*self.open[k].name;
                if n == "p" {
                    while self.open.len() > k {
                        self.pop();
                    }
                    break;
                }
                if !PHRASING.contains(&n) {
                    break;
                }
            }
        }
        match name {
            "li" => self.close_to(&["li"], &["ul", "ol", "menu", "table", "div", "blockquote"]),
            "dt" | "dd" => self.close_to(&["dt", "dd"], &["dl", "table", "div"]),
            "tr" => self.close_to(&["tr"], &["table", "thead", "tbody", "tfoot"]),
            "td" | "th" => self.close_to(&["td", "th"], &["tr", "table"]),
            "thead" | "tbody" | "tfoot" => self.close_to(&["thead", "tbody", "tfoot"], &["table"]),
            "option" => self.close_to(&["option"], &["select"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                if self.open.last().is_some_and(|e| is_heading(&e.name)) =>
            {
                self.pop()
            }
            _ => {}
        }
    }

    fn start(&mut self, el: Element) {
        self.implied_end(&el.name);
        if self.open.len() >= MAX_DEPTH {
            return; // its content joins the element at the limit
        }
        self.open.push(el);
    }

    fn end(&mut self, name: &str) {
        if let Some(k) = self.open.iter().rposition(|e| e.name == name) {
            while self.open.len() > k {
                self.pop();
            }
        }
    }

    fn finish(mut self) -> Vec<Node> {
        while !self.open.is_empty() {
            self.pop();
        }
        self.root
    }
}

/// Every `id` in nodes, at any depth.
pub fn ids_in(nodes: &[Node], out: &mut HashSet<String>) {
    for n in nodes {
        if let Node::Element(e) = n {
            if let Some(id) = e.attr("id") {
                out.insert(id.to_string());
            }
            ids_in(&e.children, out);
        }
    }
}

/// The visible text of nodes, entities decoded.
pub fn text_of(nodes: &[Node]) -> String {
    let mut out = String::new();
    fn walk(nodes: &[Node], out: &mut String) {
        for n in nodes {
            match n {
                Node::Text(t) => out.push_str(&decode_entities(t)),
                Node::Element(e) if !matches!(&*e.name, "script" | "style") => walk(&e.children, out),
                _ => {}
            }
        }
    }
    walk(nodes, &mut out);
    out
}

pub use crate::html::decode_entities;

/// Writes HTML, dropping any `id` that was already written, so every id
/// on the page stays unique whatever the two versions hold.
#[derive(Default)]
pub struct Writer {
    pub html: String,
    /// Word diffs other redlines of the same texts made already.
    pub memo: Option<std::sync::Arc<super::Memo>>,
    /// Ids written so far, and those reserved for the page around the redline.
    pub ids: HashSet<String>,
    /// Ids of the newer text: removed text keeps an id only when the newer
    /// text does not have it, so a link to a dropped heading still leads to it.
    pub newer: std::sync::Arc<HashSet<String>>,
}

impl Writer {
    /// Opens `el`; with `strip_id` (removed text) without an id the newer text has; with a class added.
    pub fn open(&mut self, el: &Element, strip_id: bool, class: Option<&str>) {
        self.html.push('<');
        self.html.push_str(&el.name);
        let mut class_done = class.is_none();
        for (name, value) in &el.attrs {
            if name == "id" {
                let Some(id) = value else { continue };
                if (strip_id && self.newer.contains(id)) || !self.ids.insert(id.clone()) {
                    continue;
                }
            }
            self.html.push(' ');
            self.html.push_str(name);
            match (&**name, class) {
                ("class", Some(extra)) if !class_done => {
                    class_done = true;
                    self.html.push_str("=\"");
                    crate::html::push_attr(&mut self.html, value.as_deref().unwrap_or(""));
                    self.html.push(' ');
                    self.html.push_str(extra);
                    self.html.push('"');
                }
                _ => {
                    if let Some(v) = value {
                        self.html.push_str("=\"");
                        crate::html::push_attr(&mut self.html, v);
                        self.html.push('"');
                    }
                }
            }
        }
        if let (false, Some(extra)) = (class_done, class) {
            self.html.push_str(" class=\"");
            self.html.push_str(extra);
            self.html.push('"');
        }
        self.html.push('>');
    }

    pub fn close(&mut self, el: &Element) {
        if !is_void(&el.name) {
            self.html.push_str("</");
            self.html.push_str(&el.name);
            self.html.push('>');
        }
    }

    /// Writes nodes as they are (ids of removed text dropped with `strip_id`).
    pub fn nodes(&mut self, nodes: &[Node], strip_id: bool) {
        for n in nodes {
            self.node(n, strip_id);
        }
    }

    pub fn node(&mut self, node: &Node, strip_id: bool) {
        match node {
            Node::Text(t) => self.html.push_str(t),
            Node::Other(o) => self.html.push_str(o),
            Node::Element(e) => {
                self.open(e, strip_id, None);
                self.nodes(&e.children, strip_id);
                self.close(e);
            }
        }
    }

    /// Writes an empty `<span>` with the older text's `id`, unless the
    /// newer text has that id or it is already on the page.
    pub fn keep_id(&mut self, id: &str) {
        if !self.newer.contains(id) && self.ids.insert(id.to_string()) {
            self.html.push_str("<span id=\"");
            crate::html::push_attr(&mut self.html, id);
            self.html.push_str("\"></span>");
        }
    }

    /// An id not yet used on the page, from `base` (`base`, `base-2`, ...).
    pub fn fresh_id(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }
}

/// Serializes nodes as they are.
pub fn to_html(nodes: &[Node]) -> String {
    let mut out = String::new();
    for n in nodes {
        write_plain(n, &mut out);
    }
    out
}

fn write_plain(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => out.push_str(t),
        Node::Other(o) => out.push_str(o),
        Node::Element(e) => {
            out.push('<');
            out.push_str(&e.name);
            for (name, value) in &e.attrs {
                out.push(' ');
                out.push_str(name);
                if let Some(v) = value {
                    out.push_str("=\"");
                    crate::html::push_attr(out, v);
                    out.push('"');
                }
            }
            out.push('>');
            for c in &e.children {
                write_plain(c, out);
            }
            if !is_void(&e.name) {
                out.push_str("</");
                out.push_str(&e.name);
                out.push('>');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implied_end_tags_close_as_a_browser_would() {
        let nodes = parse("<p>one<p>two<ul><li>a<li>b</ul><table><tr><td>1<td>2<tr><td>3</table>");
        assert_eq!(
            to_html(&nodes),
            "<p>one</p><p>two</p><ul><li>a</li><li>b</li></ul><table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>"
        );
    }

    #[test]
    fn attributes_in_every_quoting_style() {
        let nodes = parse("<a href=https://x.example/?a=1&amp;b=2 title='say \"hi\"' hidden>x</a>");
        assert_eq!(
            to_html(&nodes),
            "<a href=\"https://x.example/?a=1&amp;b=2\" title=\"say &quot;hi&quot;\" hidden>x</a>"
        );
    }

    #[test]
    fn stray_end_tags_and_comments_do_not_break_the_tree() {
        let nodes = parse("</div><p>a <!-- <b> --> b</em></p><script>if (a < b) {}</script>");
        assert_eq!(to_html(&nodes), "<p>a <!-- <b> --> b</p><script>if (a < b) {}</script>");
    }

    #[test]
    fn nesting_is_capped() {
        let html = "<div>".repeat(10_000) + "x";
        let nodes = parse(&html);
        let mut depth = 0;
        let mut n = &nodes;
        while let Some(Node::Element(e)) = n.first() {
            depth += 1;
            n = &e.children;
        }
        assert_eq!(depth, MAX_DEPTH);
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("Tom &amp; Jerry&#39;s &#x2019; &bogus; & x"),
            "Tom & Jerry's \u{2019} &bogus; & x"
        );
    }

    #[test]
    fn writer_keeps_ids_unique() {
        let nodes = parse("<h2 id=\"a\">A</h2><p id=\"a\">B</p>");
        let mut w = Writer::default();
        w.nodes(&nodes, false);
        assert_eq!(w.html, "<h2 id=\"a\">A</h2><p>B</p>");
    }
}
