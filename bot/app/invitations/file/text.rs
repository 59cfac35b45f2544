//! Decoding a list as it streams: the input as UTF-8 with `\n` line breaks, every record
//! bounded to [`MAX_LINE`] bytes and its lines followed.

use std::fmt;
use std::io::{self, Read};

use encoding_rs::{Decoder, WINDOWS_1252};

use super::{CHUNK, MAX_LINE};

/// A record over [`MAX_LINE`] bytes, raised through `io::Error` by [`Text`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Overflow {
    /// The physical line where the record starts.
    pub(super) line: u64,
    /// Whether the record spans several lines (inside quotes).
    pub(super) quoted: bool,
}

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a record from line {} is over {MAX_LINE} bytes",
            self.line
        )
    }
}

impl std::error::Error for Overflow {}

/// The input as UTF-8, decoded a chunk at a time: every line break made `\n`, a last `\n`
/// added if missing (so each record ends with one), and every record bounded to
/// [`MAX_LINE`] bytes, which the reader checks without buffering the line.
pub(super) struct Text<R> {
    inner: R,
    decoder: Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    /// The bytes of `out` not yet given out.
    start: usize,
    end: usize,
    /// Raw bytes read from `inner`.
    pub(super) bytes: u64,
    finished: bool,
    prev_cr: bool,
    /// Whether the last byte given out was `\n`; `None` before any.
    ends_line: Option<bool>,
    scan: Scan,
    fault: Option<Overflow>,
    /// The encoding decoding now.
    pub(super) encoding: &'static str,
    /// Only ASCII so far, read as UTF-8: the first other byte tells UTF-8 from Windows-1252.
    pub(super) undecided: bool,
}

impl<R: Read> Text<R> {
    pub(super) fn new(inner: R, decoder: Decoder, separator: u8) -> Self {
        Self {
            inner,
            decoder,
            raw: vec![0; CHUNK],
            out: Vec::new(),
            start: 0,
            end: 0,
            bytes: 0,
            finished: false,
            prev_cr: false,
            ends_line: None,
            scan: Scan::new(separator),
            fault: None,
            encoding: "UTF-8",
            undecided: false,
        }
    }

    /// Past an ASCII-only start, the first other byte decides the encoding: the start of a
    /// well-formed UTF-8 character keeps UTF-8, anything else is Windows-1252 (as a spreadsheet
    /// exports it). The UTF-8 decoder holds nothing of an ASCII start: it can be replaced.
    pub(super) fn decide(&mut self, chunk: &[u8]) {
        let Some(at) = chunk.iter().position(|b| !b.is_ascii()) else {
            return;
        };
        self.undecided = false;
        let rest = &chunk[at..];
        let utf8 = match std::str::from_utf8(rest) {
            Ok(_) => true,
            Err(e) => e.valid_up_to() > 0 || e.error_len().is_none(),
        };
        if !utf8 {
            self.decoder = WINDOWS_1252.new_decoder_without_bom_handling();
            self.encoding = "windows-1252";
        }
    }

    /// Reads and decodes the next chunk into `out`.
    pub(super) fn fill(&mut self) -> io::Result<()> {
        let n = loop {
            match self.inner.read(&mut self.raw) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        self.bytes += n as u64;
        let last = n == 0;
        if self.undecided {
            let chunk = std::mem::take(&mut self.raw);
            self.decide(&chunk[..n]);
            self.raw = chunk;
        }
        // One byte to spare for the final line break.
        let need = self.decoder.max_utf8_buffer_length(n).unwrap_or(usize::MAX) + 1;
        if self.out.len() < need {
            self.out.resize(need, 0);
        }
        let (_, read, written, _) =
            self.decoder
                .decode_to_utf8(&self.raw[..n], &mut self.out, last);
        debug_assert_eq!(read, n, "the output buffer fits the worst case");
        let mut len = 0;
        for i in 0..written {
            let b = self.out[i];
            let cr = b == b'\r';
            if b == b'\n' && self.prev_cr {
                self.prev_cr = false;
                continue;
            }
            self.prev_cr = cr;
            self.out[len] = if cr { b'\n' } else { b };
            len += 1;
        }
        if len > 0 {
            self.ends_line = Some(self.out[len - 1] == b'\n');
        }
        if last {
            self.finished = true;
            if self.ends_line == Some(false) {
                self.out[len] = b'\n';
                len += 1;
            }
        }
        self.start = 0;
        self.end = len;
        if let Err((at, overflow)) = self.scan.feed(&self.out[..len]) {
            self.end = at;
            self.fault = Some(overflow);
        }
        Ok(())
    }
}

impl<R: Read> Read for Text<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.start < self.end {
                let n = buf.len().min(self.end - self.start);
                buf[..n].copy_from_slice(&self.out[self.start..self.start + n]);
                self.start += n;
                return Ok(n);
            }
            if let Some(overflow) = self.fault {
                return Err(io::Error::other(overflow));
            }
            if self.finished {
                return Ok(0);
            }
            self.fill()?;
        }
    }
}

/// Where a CSV lexer stands, as the `csv` crate reads (quotes open a field only at its start;
/// `""` inside quotes is a quote).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lex {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// Follows records over the decoded text to bound their length and name their lines.
pub(super) struct Scan {
    separator: u8,
    lex: Lex,
    /// Bytes of the current record so far.
    length: usize,
    /// The current physical line.
    line: u64,
    /// The physical line where the current record starts.
    record_line: u64,
}

impl Scan {
    pub(super) fn new(separator: u8) -> Self {
        Self {
            separator,
            lex: Lex::FieldStart,
            length: 0,
            line: 1,
            record_line: 1,
        }
    }

    /// Follows `text`; on a record over [`MAX_LINE`] bytes, the offset where it goes over.
    pub(super) fn feed(&mut self, text: &[u8]) -> Result<(), (usize, Overflow)> {
        for (at, &b) in text.iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
            }
            let sep = b == self.separator;
            self.lex = match (self.lex, b) {
                (Lex::Quoted, b'"') => Lex::QuoteInQuoted,
                (Lex::Quoted, _) | (Lex::QuoteInQuoted, b'"') => Lex::Quoted,
                (_, b'\n') => {
                    self.lex = Lex::FieldStart;
                    self.length = 0;
                    self.record_line = self.line;
                    continue;
                }
                (_, _) if sep => Lex::FieldStart,
                (Lex::FieldStart, b'"') => Lex::Quoted,
                _ => Lex::Unquoted,
            };
            self.length += 1;
            if self.length > MAX_LINE {
                let overflow = Overflow {
                    line: self.record_line,
                    quoted: self.line != self.record_line,
                };
                return Err((at, overflow));
            }
        }
        Ok(())
    }
}
