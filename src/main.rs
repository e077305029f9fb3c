//! The command line: parses arguments and calls the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use privet::report::{self, Severity};
use privet::{BuildOptions, Diagnostic, Error};

mod allocator;

#[global_allocator]
static ALLOCATOR: allocator::MiMalloc = allocator::MiMalloc;

#[derive(Parser)]
#[command(name = "privet", version, about = "Builds a multilingual privacy center from Markdown")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (default: public/)
    Build {
        /// The site's folder (where site.toml is)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder (default: output_dir of site.toml, or public)
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site is published at, overriding site.toml
        #[arg(long)]
        base_url: Option<String>,
        /// The day the build treats as today (YYYY-MM-DD): it decides which version is in force
        #[arg(long, value_parser = privet::parse_date)]
        date: Option<Date>,
        /// Include versions and pages marked draft = true
        #[arg(long)]
        drafts: bool,
        /// Replace an output folder that privet did not create
        #[arg(long)]
        force: bool,
        /// Write privacy.html instead of privacy/index.html, for hosts without directory indexes
        #[arg(long)]
        ugly_urls: bool,
        /// Fail instead of writing versions.lock when it would change (for CI and deploys)
        #[arg(long)]
        locked: bool,
    },
    /// Build the site in memory, serve it on this machine, and reload pages on every save
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// The port (the next free one if taken; 0 for any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the home page in the default browser
        #[arg(long)]
        open: bool,
        /// Include versions and pages marked draft = true, as build --drafts does
        #[arg(long)]
        drafts: bool,
        #[arg(long, value_parser = privet::parse_date)]
        date: Option<Date>,
    },
    /// Check the site for errors and editors' warnings without writing anything
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_parser = privet::parse_date)]
        date: Option<Date>,
        /// text for people, json for tools (the format is documented in the README)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with 1 on warnings too
        #[arg(long)]
        strict: bool,
    },
    /// List each language's translated, missing and stale (behind their source) pages
    Translations {
        #[command(subcommand)]
        action: Option<TranslationsAction>,
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
        #[arg(long, value_parser = privet::parse_date)]
        date: Option<Date>,
        /// text for people, json for tools (the format is documented in the README)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Create a new site with example content that builds and passes check
    Init {
        /// The folder to create (it must not exist or be empty)
        dir: PathBuf,
        /// The site's default language (BCP 47 code)
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Start new content from what exists
    New {
        #[command(subcommand)]
        what: New,
    },
}

#[derive(Subcommand)]
enum New {
    /// Copy the version of POLICY in force to a new draft version, in every language
    Version {
        /// The policy's folder name under content/ (e.g. privacy)
        policy: String,
        /// The day the new version takes effect (default: 30 days from today)
        #[arg(long, value_parser = privet::parse_date)]
        effective: Option<Date>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum TranslationsAction {
    /// Record FILE, a translation, as up to date with its source without changing it
    /// (for a change to the source that needs no translation, such as a typo)
    Accept {
        /// The translation's file (e.g. content/faq/delete-account.de.md)
        file: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Runs the command on a thread with a large stack, and rayon's workers too
/// (see [`privet::STACK_SIZE`]).
fn main() -> ExitCode {
    let _ = rayon::ThreadPoolBuilder::new().stack_size(privet::STACK_SIZE).build_global();
    let command = std::thread::Builder::new().name("privet".into()).stack_size(privet::STACK_SIZE).spawn(run);
    match command.map(|thread| thread.join()) {
        Ok(Ok(code)) => code,
        // A panic has printed its message already.
        Ok(Err(_)) => ExitCode::from(101),
        Err(_) => run(),
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    let (result, root) = match cli.command {
        Command::Build { root, output, base_url, date, drafts, force, ugly_urls, locked } => {
            let opts =
                BuildOptions { root: root.clone(), output, base_url, date, drafts, force, ugly_urls, locked };
            (build(&opts), root)
        }
        Command::Serve { root, bind, port, open, drafts, date } => {
            // One rule for drafts: the preview shows what `build` with the same flag publishes.
            let opts = BuildOptions { root: root.clone(), date, drafts, ..Default::default() };
            (privet::serve::start::run(opts, &bind, port, open, color()), root)
        }
        Command::Check { root, date, format, strict } => {
            let opts = BuildOptions { root, date, ..Default::default() };
            return check(&opts, format, strict);
        }
        Command::Translations { action: None, root, date, format } => {
            (translations(&root, date.unwrap_or_else(privet::today), format), root)
        }
        Command::Translations { action: Some(TranslationsAction::Accept { file }), root, .. } => {
            (accept(&root, &file), root)
        }
        Command::Init { dir, language } => (init(&dir, &language), PathBuf::from(".")),
        Command::New { what: New::Version { policy, effective, root } } => {
            (new_version(&root, &policy, effective), root)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", report::describe(&e, &root, color()));
            ExitCode::from(1)
        }
    }
}

fn color() -> bool {
    std::io::stderr().is_terminal()
}

fn warn(warnings: &[Diagnostic], root: &Path) {
    for w in warnings {
        eprintln!("{}", report::render(w, Severity::Warning, root, color()));
    }
}

fn build(opts: &BuildOptions) -> Result<(), Error> {
    let started = Instant::now();
    let progress = Progress::start();
    let result = privet::build(opts);
    progress.stop();
    let (built, out) = result?;
    warn(&built.warnings, &opts.root);
    let per_lang: Vec<String> = built.pages_per_language.iter().map(|(l, n)| format!("{l} {n}")).collect();
    println!(
        "built {} pages ({}), {} files, {:.1} MB into {} in {} ms",
        built.pages_per_language.iter().map(|(_, n)| n).sum::<usize>(),
        per_lang.join(", "),
        built.file_count,
        built.bytes as f64 / 1e6,
        out.display(),
        started.elapsed().as_millis()
    );
    for (_, line) in built.record_changes() {
        println!("{line}");
    }
    Ok(())
}

/// A spinner on the terminal for builds that take more than a second;
/// nothing at all when standard error is not a terminal (CI, pipes).
struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start() -> Progress {
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let done = std::sync::Arc::clone(&done);
            std::thread::spawn(move || {
                let started = Instant::now();
                let frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
                let mut shown = false;
                for frame in frames.iter().cycle() {
                    if done.load(std::sync::atomic::Ordering::SeqCst) {
                        break;
                    }
                    if started.elapsed().as_secs() >= 1 {
                        eprint!("\r{frame} building… {:.1} s", started.elapsed().as_secs_f64());
                        shown = true;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                if shown {
                    eprint!("\r\x1b[K");
                }
            })
        });
        Progress { done, thread }
    }

    fn stop(self) {
        self.done.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(thread) = self.thread {
            let _ = thread.join();
        }
    }
}

fn check(opts: &BuildOptions, format: Format, strict: bool) -> ExitCode {
    let report = privet::check::check(opts);
    match format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("error: {e}"),
        },
        Format::Text => {
            for e in &report.errors {
                eprintln!("{}", report::render(&e.diagnostic, Severity::Error, &opts.root, color()));
            }
            for w in &report.warnings {
                eprintln!("{}", report::render(&w.diagnostic, Severity::Warning, &opts.root, color()));
            }
            print!("{}", privet::check::table(&report));
            println!("{} error(s), {} warning(s)", report.errors.len(), report.warnings.len());
        }
    }
    if !report.errors.is_empty() || (strict && !report.warnings.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn translations(root: &Path, date: Date, format: Format) -> Result<(), Error> {
    let (config, languages) = privet::translations::survey(root, date)?;
    match format {
        Format::Json => {
            let json = serde_json::json!({ "format": 1, "default_language": config.languages[0].code, "languages": languages });
            println!("{}", serde_json::to_string_pretty(&json).unwrap_or_default());
        }
        Format::Text => print!("{}", privet::translations::table(&config, &languages)),
    }
    Ok(())
}

fn accept(root: &Path, file: &Path) -> Result<(), Error> {
    let source = privet::translations::accept_file(root, file, privet::today())?;
    println!(
        "recorded {} as up to date with {} in {}",
        file.display(),
        source.display(),
        privet::translations::FILE
    );
    Ok(())
}

fn init(dir: &Path, language: &str) -> Result<(), Error> {
    let created = privet::scaffold::init(dir, language, privet::today())?;
    println!("created a new privacy center in {} ({} files):", dir.display(), created.len());
    for path in created {
        println!("  {}", path.display());
    }
    println!("before you publish, replace what is only an example:");
    println!(
        "  site.toml: base_url and every [organization] value (name, email, address, dpo, supervisory authority)"
    );
    println!(
        "  content/: the starter texts, each marked with a `# privet init:` line to delete when it is yours"
    );
    println!("  `privet check` lists what is left; `privet check --strict` fails until it is done");
    println!("next: cd {} && privet serve", dir.display());
    Ok(())
}

fn new_version(root: &Path, policy: &str, effective: Option<Date>) -> Result<(), Error> {
    let created = privet::scaffold::new_version(root, policy, effective, privet::today())?;
    println!("created {} draft file(s):", created.len());
    for path in &created {
        println!("  {}", path.display());
    }
    if created.iter().any(|p| p.extension().is_some_and(|x| x == "toml")) {
        println!(
            "edit the rows (a `summary` is optional: privet says what changed), and remove `draft = true` to publish; `privet serve --drafts` previews them"
        );
    } else {
        println!(
            "edit them, fill in `summary`, and remove `draft = true` to publish; `privet serve --drafts` previews them"
        );
    }
    Ok(())
}
