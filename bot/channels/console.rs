//! The terminal channel: the dialogue on standard input and output, one answer a line.
//! Invalid UTF-8 is read lossily; end of input ends the conversation cleanly.

use std::io::{IsTerminal, Write as _};
use std::path::PathBuf;

use tokio::io::{AsyncBufReadExt, BufReader};

use crate::app::{Host, HostError, Inbound};
use crate::core::{Channel, ConvKey};
use crate::engine::Input;
use crate::i18n::render::Surface;
use crate::transcript::{self, Transcript};

/// Longest line read; the rest of a longer line is dropped (the engine reads less anyway).
const MAX_LINE_BYTES: usize = 64 * 1024;

/// Options of `tremplin chat`.
#[derive(Debug, Clone)]
pub struct ChatOptions {
    pub lang: Option<String>,
    /// Who the terminal speaks for; a later run with the same name resumes the conversation.
    pub name: String,
    pub record: Option<PathBuf>,
}

/// Runs a conversation on the terminal until end of input; `next_turn` is called before
/// each line is handled (a recording moves its clock there).
pub async fn run(host: &Host, opts: ChatOptions, next_turn: impl Fn()) -> Result<(), HostError> {
    let key = ConvKey::new(Channel::Console, opts.name.clone());
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let mut inputs = Vec::new();
    let mut replies = Vec::new();
    let first = Inbound {
        key: key.clone(),
        input: Input::Start,
        external_id: None,
        language_hint: opts.lang.clone(),
        language_guess: None,
    };
    let reply = host.handle(first, Surface::Plain).await?;
    show(&reply.text, interactive);
    replies.push(transcript::reply_text(&reply));

    let mut reader = BufReader::new(tokio::io::stdin());
    let mut buf = Vec::new();
    loop {
        if interactive {
            print!("> ");
            let _ = std::io::stdout().flush();
        }
        buf.clear();
        let n = read_line_capped(&mut reader, &mut buf).await;
        if n == 0 {
            break;
        }
        let line = String::from_utf8_lossy(&buf)
            .trim_end_matches(['\n', '\r'])
            .to_string();
        next_turn();
        let inbound = Inbound {
            key: key.clone(),
            input: Input::Text(line.clone()),
            external_id: None,
            language_hint: None,
            language_guess: None,
        };
        let reply = host.handle(inbound, Surface::Plain).await?;
        show(&reply.text, interactive);
        inputs.push(line);
        replies.push(transcript::reply_text(&reply));
    }
    if let Some(path) = opts.record {
        let outcome = transcript::outcome(host, &key).await?;
        let t = Transcript {
            dialogue: host.config().dialogue.clone(),
            locale: opts.lang,
            channel: "console".into(),
            inputs,
            replies,
            outcome,
        };
        if let Err(e) = std::fs::write(&path, t.format()) {
            eprintln!("cannot write the transcript to {}: {e}", path.display());
        } else {
            eprintln!("transcript written to {}", path.display());
        }
    }
    Ok(())
}

/// Reads one line, keeping at most [`MAX_LINE_BYTES`] of it. Returns the bytes consumed
/// (0 at end of input).
async fn read_line_capped<R: tokio::io::AsyncBufRead + Unpin>(
    reader: &mut R,
    buf: &mut Vec<u8>,
) -> usize {
    let mut consumed = 0;
    loop {
        let chunk = match reader.fill_buf().await {
            Ok(c) => c,
            Err(_) => return consumed,
        };
        if chunk.is_empty() {
            return consumed;
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = MAX_LINE_BYTES.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..take.min(room)]);
        reader.consume(take);
        consumed += take;
        if done {
            return consumed;
        }
    }
}

fn show(text: &str, interactive: bool) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
    if interactive {
        let _ = writeln!(out);
    }
    let _ = out.flush();
}
