use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use crate::index::PagefindIndexes;
use crate::{SearchOptions, PAGEFIND_VERSION};
use flate2::write::DeflateEncoder; // TODO: Replace flate2 with async-compression since we
use flate2::Compression; //   // require that crate for the input compression anyway.
use futures::future::join_all;
use std::collections::BTreeMap;
use include_dir::{include_dir, Dir};
use tokio::fs::{create_dir_all, File};
use tokio::io::AsyncWriteExt;
use tokio::time::sleep;

mod entry;

const GENERIC_WEB_WASM: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/wasm/pagefind_web_bg.unknown.",
    env!("CARGO_PKG_VERSION"),
    ".wasm.gz"
));
const WEB_WASM_FILES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/vendor/wasm");

const WEB_UI_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_ui.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const WEB_UI_CSS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_ui.",
    env!("CARGO_PKG_VERSION"),
    ".css"
));
const WEB_MODULAR_UI_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_modular_ui.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const WEB_MODULAR_UI_CSS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_modular_ui.",
    env!("CARGO_PKG_VERSION"),
    ".css"
));
const COMPONENT_UI_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_component_ui.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const COMPONENT_UI_CSS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_component_ui.",
    env!("CARGO_PKG_VERSION"),
    ".css"
));
const HIGHLIGHT_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_highlight.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));

pub struct LanguageMeta {
    pub page_count: usize,
    pub language: String,
    pub hash: String,
    pub wasm: Option<String>,
}

pub async fn write_common_to_disk(
    language_indexes: Vec<LanguageMeta>,
    output_playground: bool,
    outdir: &PathBuf,
    options: &SearchOptions,
) {
    write_common(language_indexes, output_playground, outdir, options, false).await;
}

pub async fn write_common_to_memory(
    language_indexes: Vec<LanguageMeta>,
    output_playground: bool,
    outdir: &PathBuf,
    options: &SearchOptions,
) -> Vec<SyntheticFile> {
    write_common(language_indexes, output_playground, outdir, options, true)
        .await
        .unwrap()
}

/// Pagefind's two scripts, minified when the crate is compiled (build.rs):
/// they are the same for every index.
const MINIFIED_JS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pagefind.js"));
const MINIFIED_WORKER_JS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pagefind-worker.js"));

async fn write_common(
    language_indexes: Vec<LanguageMeta>,
    output_playground: bool,
    outdir: &PathBuf,
    options: &SearchOptions,
    synthetic: bool,
) -> Option<Vec<SyntheticFile>> {
    let entry_meta = entry::PagefindEntryMeta {
        version: PAGEFIND_VERSION,
        languages: BTreeMap::from_iter(language_indexes.into_iter().map(|i| {
            (
                i.language,
                entry::PagefindEntryLanguage {
                    hash: i.hash,
                    wasm: i.wasm,
                    page_count: i.page_count,
                },
            )
        })),
        include_characters: options.include_characters.clone(),
    };
    let encoded_entry_meta = serde_json::to_string(&entry_meta).unwrap();

    let write_behavior = if synthetic {
        WriteBehavior::Synthetic
    } else {
        WriteBehavior::Disk
    };

    let mut files = vec![
        write(
            outdir.join("pagefind.js"),
            vec![MINIFIED_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-highlight.js"),
            vec![HIGHLIGHT_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-worker.js"),
            vec![MINIFIED_WORKER_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-ui.js"),
            vec![WEB_UI_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-ui.css"),
            vec![WEB_UI_CSS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-modular-ui.js"),
            vec![WEB_MODULAR_UI_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-modular-ui.css"),
            vec![WEB_MODULAR_UI_CSS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-component-ui.js"),
            vec![COMPONENT_UI_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-component-ui.css"),
            vec![COMPONENT_UI_CSS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("wasm.unknown.pagefind"),
            vec![GENERIC_WEB_WASM],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-entry.json"),
            vec![encoded_entry_meta.as_bytes()],
            Compress::None,
            write_behavior,
        ),
    ];

    if output_playground {
        files.extend([
            write(
                outdir.join("playground/index.html"),
                vec![crate::playground::PLAYGROUND_HTML.as_bytes()],
                Compress::None,
                write_behavior,
            ),
            write(
                outdir.join("playground/pagefind-playground.js"),
                vec![crate::playground::PLAYGROUND_JS.as_bytes()],
                Compress::None,
                write_behavior,
            ),
            write(
                outdir.join("playground/pagefind-playground.css"),
                vec![crate::playground::PLAYGROUND_CSS.as_bytes()],
                Compress::None,
                write_behavior,
            ),
        ]);
    }

    let output_files = join_all(files).await;

    if synthetic {
        Some(output_files.into_iter().flatten().collect())
    } else {
        None
    }
}

impl PagefindIndexes {
    fn lang_wasm_path(&self) -> Option<String> {
        let base_language = self.language.split('-').next().unwrap();
        let wasm_path = format!(
            "pagefind_web_bg.{}.{}.wasm.gz",
            base_language,
            env!("CARGO_PKG_VERSION")
        );

        if WEB_WASM_FILES.contains(&wasm_path) {
            Some(wasm_path)
        } else {
            None
        }
    }

    pub fn get_lang_meta(&self, options: &SearchOptions) -> LanguageMeta {
        let mut wasm_file = None;

        if self.language != "unknown" {
            if self.lang_wasm_path().is_some() {
                wasm_file = Some(self.language.to_string());
            } else {
                options.logger.v_warn(format!(
                    "Note: Pagefind doesn't support stemming for the language {}. \n\
                    Search will still work, but will not match across root words.",
                    self.language
                ));
            }
        }

        LanguageMeta {
            page_count: self.page_count,
            language: self.language.clone(),
            hash: self.meta_index.0.clone(),
            wasm: wasm_file,
        }
    }

    pub async fn write_files_to_disk(&self, options: &SearchOptions, outdir: &PathBuf) {
        self.write_files(options, outdir, None).await;
    }

    /// The files, gzipped on up to `gzip_threads` threads.
    pub async fn write_files_to_memory(
        &self,
        options: &SearchOptions,
        outdir: &PathBuf,
        gzip_threads: usize,
    ) -> Vec<SyntheticFile> {
        self.write_files(options, outdir, Some(gzip_threads)).await.unwrap()
    }

    /// Made in memory, gzipped on up to `gzip_threads` threads (`Some`),
    /// or written to disk (`None`).
    async fn write_files(
        &self,
        options: &SearchOptions,
        outdir: &PathBuf,
        gzip_threads: Option<usize>,
    ) -> Option<Vec<SyntheticFile>> {
        let synthetic = gzip_threads.is_some();
        let immutable_write_behaviour = if synthetic {
            WriteBehavior::Synthetic
        } else {
            WriteBehavior::Immutable
        };

        // What each file is made of, then written or made in memory.
        let mut jobs: Vec<(PathBuf, Vec<&[u8]>, Compress, WriteBehavior)> = vec![(
            outdir.join(format!("pagefind.{}.pf_meta", &self.meta_index.0)),
            vec![&self.meta_index.1],
            Compress::GZ,
            immutable_write_behaviour,
        )];

        if self.language != "unknown" {
            if let Some(wasm_path) = self.lang_wasm_path() {
                jobs.push((
                    outdir.join(format!("wasm.{}.pagefind", self.language)),
                    vec![WEB_WASM_FILES
                        .get_file(wasm_path)
                        .expect("WASM should exist")
                        .contents()],
                    Compress::None,
                    if synthetic {
                        WriteBehavior::Synthetic
                    } else {
                        WriteBehavior::Disk
                    },
                ));
            } else {
                options.logger.v_warn(format!(
                    "Note: Pagefind doesn't support stemming for the language {}. \n\
                    Search will still work, but will not match across root words.",
                    self.language
                ));
            }
        }

        jobs.extend(self.fragments.iter().map(|(hash, fragment)| {
            (
                outdir.join(format!("fragment/{}.pf_fragment", hash)),
                vec![fragment.as_bytes()],
                Compress::GZ,
                immutable_write_behaviour,
            )
        }));

        jobs.extend(self.word_indexes.iter().map(|(hash, index)| {
            (
                outdir.join(format!("index/{}.pf_index", hash)),
                vec![&index[..]],
                Compress::GZ,
                immutable_write_behaviour,
            )
        }));

        jobs.extend(self.filter_indexes.iter().map(|(hash, index)| {
            (
                outdir.join(format!("filter/{}.pf_filter", hash)),
                vec![&index[..]],
                Compress::GZ,
                immutable_write_behaviour,
            )
        }));

        if let Some(threads) = gzip_threads {
            return Some(synthesize(jobs, threads));
        }
        join_all(
            jobs.into_iter()
                .map(|(name, chunks, compression, behaviour)| write(name, chunks, compression, behaviour)),
        )
        .await;
        None
    }
}

/// Files made in memory, in the order given, gzipped on up to `threads`
/// threads (this one among them). An index is often made last, with
/// nothing else left to do: gzipping its fragments on one thread then
/// left the other cores idle (on GitHub's corpus, a fifth of the search
/// index's time was spent here, alone). A thread that cannot be started
/// leaves its share to this one. The bytes are the same as one thread's.
fn synthesize(
    jobs: Vec<(PathBuf, Vec<&[u8]>, Compress, WriteBehavior)>,
    threads: usize,
) -> Vec<SyntheticFile> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let gzipped: usize = jobs
        .iter()
        .filter(|job| matches!(job.2, Compress::GZ))
        .map(|job| job.1.iter().map(|c| c.len()).sum::<usize>())
        .sum();
    // Below about 64 kB, a thread costs more than it saves.
    let threads = threads.min(1 + gzipped / 65_536);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut made = Vec::new();
        // One deflate stream a thread, reset for each file.
        let mut deflate = None;
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((_, chunks, compression, _)) = jobs.get(i) else {
                return made;
            };
            made.push((i, contents(chunks, *compression, &mut deflate)));
        }
    };
    let mut made = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        let mut made = work();
        for helper in helpers {
            made.extend(helper.join().expect("Gzipping Pagefind files failed"));
        }
        made
    });
    made.sort_unstable_by_key(|(i, _)| *i);
    jobs.into_iter()
        .zip(made)
        .map(|((filename, ..), (_, contents))| SyntheticFile { filename, contents })
        .collect()
}

/// A file's bytes: its chunks, each behind Pagefind's marker and gzipped,
/// or as they are. `deflate` is a stream made for an earlier file, if any,
/// reset for this one.
fn contents(
    chunks: &[&[u8]],
    compression: Compress,
    deflate: &mut Option<DeflateEncoder<Vec<u8>>>,
) -> Vec<u8> {
    match compression {
        Compress::GZ => gzip(chunks, deflate),
        Compress::None => chunks.concat(),
    }
}

/// What `GzEncoder::new(_, Compression::default())` wrote, byte for byte:
/// its header (no name, no time, OS 255), the raw deflate stream, then the
/// CRC-32 and length of the text. The stream is reset from one file to the
/// next, not made anew: a new one allocated and zeroed its tables (about
/// 300 kB) for each of an index's files (privet: vendor/README.md, item 13).
fn gzip(chunks: &[&[u8]], deflate: &mut Option<DeflateEncoder<Vec<u8>>>) -> Vec<u8> {
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    let text: usize = chunks.iter().map(|c| c.len() + 12).sum();
    let mut out = Vec::with_capacity(HEADER.len() + text / 3 + 64);
    out.extend_from_slice(&HEADER);
    let deflate = match deflate {
        Some(stream) => {
            stream.reset(out).unwrap();
            stream
        }
        // Level 6, not 9: the same bytes to within 2%, in half the time.
        None => deflate.insert(DeflateEncoder::new(out, Compression::default())),
    };
    let mut crc = flate2::Crc::new();
    for chunk in chunks {
        for part in [b"pagefind_dcd".as_slice(), chunk] {
            deflate.write_all(part).unwrap();
            crc.update(part);
        }
    }
    deflate.try_finish().unwrap();
    let mut out = std::mem::take(deflate.get_mut());
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes());
    out
}

#[derive(Copy, Clone)]
enum Compress {
    GZ,
    None,
}

#[derive(Copy, Clone)]
enum WriteBehavior {
    Synthetic,
    Immutable,
    Disk,
}

#[derive(Clone)]
pub struct SyntheticFile {
    pub filename: PathBuf,
    pub contents: Vec<u8>,
}

async fn write(
    filename: PathBuf,
    content_chunks: Vec<&[u8]>,
    compression: Compress,
    write_behavior: WriteBehavior,
) -> Option<SyntheticFile> {
    let mut file = None;

    match write_behavior {
        WriteBehavior::Synthetic => {}
        // For "immutable" (hashed) files, don't re-write them as the contents _should_ be unchanged.
        WriteBehavior::Immutable if filename.exists() => return None,
        WriteBehavior::Immutable | WriteBehavior::Disk => {
            if let Some(parent) = filename.parent() {
                create_dir_all(parent).await.unwrap();
            }

            let mut output_file = File::create(&filename).await;
            while output_file.is_err() {
                sleep(Duration::from_millis(100)).await;
                output_file = File::create(&filename).await;
            }
            file = output_file.ok();
        }
    };

    let contents = contents(&content_chunks, compression, &mut None);
    match file {
        Some(mut file) => {
            file.write_all(&contents).await.unwrap();
            // `write_all` resolving only means the bytes are in tokio's
            // buffer; the blocking-pool write to disk may still be in
            // flight. Flush before the file drops, or a service-mode
            // consumer can receive the WriteFiles acknowledgement and
            // close the process while a file is half written, shipping
            // a truncated asset.
            file.flush().await.unwrap();
            None
        }
        None => Some(SyntheticFile { filename, contents }),
    }
}
