//! Typst as a library: a world of two files (the template and the
//! document) and the fonts, typeset into a tagged PDF/A-2a and PDF/UA-1.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::fonts::FontStore;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::{Document, TEMPLATE, main_source};
use crate::error::{Diagnostic, Error, Result};

/// Typst's embedded fonts (Libertinus Serif, New Computer Modern, DejaVu
/// Sans Mono), then the machine's, found as fontconfig finds them; with
/// `PRIVET_IGNORE_SYSTEM_FONTS` set, the embedded ones alone.
fn fonts() -> &'static FontStore {
    static FONTS: OnceLock<FontStore> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut store = FontStore::new();
        store.extend(typst_kit::fonts::embedded());
        if std::env::var_os("PRIVET_IGNORE_SYSTEM_FONTS").is_none() {
            store.extend(typst_kit::fonts::system());
        }
        store
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::builder().build()))
}

fn file_id(name: &str) -> Option<FileId> {
    VirtualPath::new(name).ok().map(|path| RootedPath::new(VirtualRoot::Project, path).intern())
}

/// One document's world: its main file and the template; nothing else can be read.
struct Paper {
    main: Source,
    template: Source,
}

impl World for Paper {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        fonts().book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.template.id() {
            Ok(self.template.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.source(id).map(|s| Bytes::from_string(s.text().to_string()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().font(index)
    }

    /// No "today": nothing in a PDF may change after publication.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Typesets one document; `template` is the theme's `pdf.typ` and the file it came from.
pub(super) fn pdf(doc: &Document, template: &(String, String)) -> Result<Vec<u8>> {
    let main_text = main_source(doc);
    let (Some(main_id), Some(template_id)) = (file_id("/main.typ"), file_id(&format!("/{TEMPLATE}"))) else {
        return Err(Error::system(
            "cannot typeset a PDF",
            "Typst refused a file name",
            "report this as a bug",
        ));
    };
    let paper = Paper {
        main: Source::new(main_id, main_text),
        template: Source::new(template_id, template.0.clone()),
    };
    let compiled = typst::compile::<typst_layout::PagedDocument>(&paper);
    let document = compiled.output.map_err(|errors| typst_error(doc, template, &paper, &errors))?;
    let options = PdfOptions {
        // The document's own address: the same PDF identifier on every build.
        ident: Smart::Custom(doc.facts.address.clone()),
        creator: Smart::Custom(Some(format!("privet {}", env!("CARGO_PKG_VERSION")))),
        timestamp: None,
        standards: standards(),
        ..PdfOptions::default()
    };
    let pdf =
        typst_pdf::pdf(&document, &options).map_err(|errors| typst_error(doc, template, &paper, &errors));
    // Typst memoizes for the next compile of the same document, which a build never makes:
    // unevicted, a site of 2,000 PDFs held gigabytes.
    comemo::evict(0);
    pdf
}

/// PDF/A-2a (archival, tagged) and PDF/UA-1 (accessible).
fn standards() -> PdfStandards {
    PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1]).unwrap_or_default()
}

/// The characters no font on this machine has (but those that need no
/// glyph: white space, controls, joiners, variation selectors).
pub(super) fn uncovered(chars: &[char]) -> Vec<char> {
    let book = fonts().book();
    chars
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .filter(|c| !matches!(*c as u32, 0x200B..=0x200F | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF))
        .filter(|c| !(0..).map_while(|i| book.info(i)).any(|info| info.coverage.contains(*c as u32)))
        .collect()
}

/// Typst's errors as privet's: in the template, with its file, line and
/// column; anywhere else, at the version's text.
fn typst_error(
    doc: &Document,
    template: &(String, String),
    paper: &Paper,
    errors: &[SourceDiagnostic],
) -> Error {
    let diagnostics = errors
        .iter()
        .map(|e| {
            let hints: Vec<&str> = e.hints.iter().map(|h| h.v.as_str()).collect();
            let id = e.span.id();
            let in_template = id == Some(paper.template.id());
            let mut d = if in_template {
                let d = Diagnostic::new(&template.1, format!("the PDF template: {}", e.message));
                match paper.range(e.span) {
                    Some(range) => d.at_offset(&template.0, range.start, 1),
                    None => d,
                }
            } else {
                Diagnostic::new(&doc.source, format!("cannot typeset {}: {}", doc.file, e.message))
            };
            d = d.hint(if hints.is_empty() {
                format!("the PDF template is {}", template.1)
            } else {
                hints.join("; ")
            });
            d
        })
        .collect();
    Error::Site(diagnostics)
}
