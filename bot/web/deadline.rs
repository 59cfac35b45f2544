//! The time a client has to send a request's line and headers. A client slower than that (a
//! slow-loris attack, a stuck network) is answered `408 Request Timeout` and the connection
//! ends, so it cannot hold connections open for ever and a real client learns why. (Hyper's
//! own header time-out closes the connection without a word.) The body's time is in `mod.rs`.

use std::future::Future as _;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Sleep;

/// The answer to a client whose headers did not arrive in time.
const ANSWER: &str = "HTTP/1.1 408 Request Timeout\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 44\r\n\r\nthe request headers were too slow to arrive\n";

/// How long the data a too-slow client still sends is read and dropped after the 408, so that
/// closing does not reset the connection before the client has read the answer.
const LINGER: Duration = Duration::from_secs(2);

/// Tells a connection when a request's head has arrived (the service is called) and when its
/// answer is ready.
#[derive(Debug, Clone, Default)]
pub struct Serving(Arc<AtomicBool>);

impl Serving {
    /// A request's head arrived: its time limit no longer runs.
    pub fn start(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Its answer is ready: the next request's time limit starts with its first byte.
    pub fn end(&self) {
        self.0.store(false, Ordering::Relaxed);
    }

    fn on(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Where a connection is.
enum State {
    /// Waiting for a request's head: answered 408 when the deadline passes. The first
    /// request's deadline starts with the connection, the next ones' with their first byte.
    Head(Pin<Box<Sleep>>),
    /// A request is being served: no head limit.
    Serving,
    /// Between two requests, no byte yet: the connection closes quietly when idle too long.
    Idle(Pin<Box<Sleep>>),
    /// Writing the 408 (how much of it is written).
    Answering(usize),
    /// The 408 is written: reading what the client still sends, until it stops or the
    /// deadline.
    Lingering(Pin<Box<Sleep>>),
    /// Done: the server sees the end of the connection.
    Closed,
}

/// A TCP connection whose every request head must arrive within `limit`.
pub struct HeadDeadline {
    inner: TcpStream,
    limit: Duration,
    serving: Serving,
    state: State,
}

impl HeadDeadline {
    /// The connection, its first request's time starting now.
    pub fn new(inner: TcpStream, limit: Duration, serving: Serving) -> Self {
        Self {
            inner,
            limit,
            serving,
            state: State::Head(Box::pin(tokio::time::sleep(limit))),
        }
    }

    /// Writes the 408, then lingers; ready (with nothing read) once done.
    fn poll_answer(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            match &mut self.state {
                State::Answering(done) if *done < ANSWER.len() => {
                    match Pin::new(&mut self.inner).poll_write(cx, &ANSWER.as_bytes()[*done..]) {
                        Poll::Ready(Ok(n)) if n > 0 => *done += n,
                        Poll::Ready(_) => self.state = State::Closed,
                        Poll::Pending => return Poll::Pending,
                    }
                }
                State::Answering(_) => {
                    tracing::debug!("request headers too slow: answered 408");
                    let _ = Pin::new(&mut self.inner).poll_shutdown(cx);
                    self.state = State::Lingering(Box::pin(tokio::time::sleep(LINGER)));
                }
                State::Lingering(until) => {
                    let mut scratch = [0_u8; 1024];
                    let mut drop_buf = ReadBuf::new(&mut scratch);
                    match Pin::new(&mut self.inner).poll_read(cx, &mut drop_buf) {
                        Poll::Ready(Ok(())) if !drop_buf.filled().is_empty() => {}
                        Poll::Ready(_) => self.state = State::Closed,
                        Poll::Pending => {
                            if until.as_mut().poll(cx).is_ready() {
                                self.state = State::Closed;
                            } else {
                                return Poll::Pending;
                            }
                        }
                    }
                }
                _ => return Poll::Ready(Ok(())),
            }
        }
    }
}

impl AsyncRead for HeadDeadline {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.serving.on() {
            this.state = State::Serving;
        } else if matches!(this.state, State::Serving) {
            this.state = State::Idle(Box::pin(tokio::time::sleep(this.limit)));
        }
        if matches!(
            this.state,
            State::Answering(_) | State::Lingering(_) | State::Closed
        ) {
            return this.poll_answer(cx);
        }
        let before = buf.filled().len();
        let read = Pin::new(&mut this.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            if let State::Idle(_) = this.state {
                this.state = State::Head(Box::pin(tokio::time::sleep(this.limit)));
            }
        }
        if read.is_ready() {
            return read;
        }
        let expired = match &mut this.state {
            State::Head(deadline) | State::Idle(deadline) => deadline.as_mut().poll(cx).is_ready(),
            _ => false,
        };
        match (&this.state, expired) {
            (State::Head(_), true) => {
                this.state = State::Answering(0);
                this.poll_answer(cx)
            }
            // An idle connection between requests ends quietly.
            (State::Idle(_), true) => {
                this.state = State::Closed;
                Poll::Ready(Ok(()))
            }
            _ => Poll::Pending,
        }
    }
}

impl AsyncWrite for HeadDeadline {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
