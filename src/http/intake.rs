//! How requests come in, and what they may hold of the server while they do: the
//! connections open at once (`--max-http-connections`, counted here), the URL's length
//! (`--max-url-bytes`), and the bodies being read: at most `--max-pending-bodies` at
//! once, each within `--max-body-bytes`, arriving at `--min-body-rate` or faster in
//! every window of two seconds after its first second, and all of it before the
//! request's deadline. A client that sends a body a byte at a time, or most of one and
//! then a byte now and then, is cut off within seconds rather than holding a buffer and
//! a connection until the request times out. `/metrics` shows each of these.

use std::{
    sync::{
        atomic::{AtomicI64, AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use actix_web::{
    body::{EitherBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::header,
    middleware::Next,
    web, HttpRequest, HttpResponse,
};
use futures_util::StreamExt as _;
use tokio::sync::Semaphore;

use super::error_code::ErrorCode;

/// How long a body may take before the rate floor applies to it.
const GRACE: Duration = Duration::from_secs(1);
/// The windows the rate floor is measured over: a body must bring this many seconds'
/// worth of `--min-body-rate` in each, so a pause shorter than a window costs nothing.
const WINDOW: Duration = Duration::from_secs(2);

/// Why a body was not read to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Past `--max-pending-bodies`: refused before any of it was read.
    Busy,
    /// Slower than `--min-body-rate`.
    Rate,
    /// Not all of it before the request's deadline.
    Timeout,
}

impl Cut {
    const ALL: [Cut; 3] = [Cut::Busy, Cut::Rate, Cut::Timeout];

    /// The label of the reason in `/metrics`.
    pub fn label(self) -> &'static str {
        match self {
            Cut::Busy => "busy",
            Cut::Rate => "rate",
            Cut::Timeout => "timeout",
        }
    }
}

/// Why a body could not be taken, for the answer that says so.
#[derive(Debug)]
pub enum BodyError {
    /// Over `--max-body-bytes`, declared or sent.
    TooLarge(usize),
    /// Cut off; the bytes that had arrived, and the request's timeout or the rate.
    Cut {
        why: Cut,
        received: usize,
        timeout: Duration,
        rate: u32,
    },
    /// The connection failed while the body arrived.
    Broken(String),
}

/// The bounds on what comes in, and the counts of it.
#[derive(Debug)]
pub struct Intake {
    max_body_bytes: usize,
    min_body_rate: u32,
    max_url_bytes: usize,
    max_connections: u32,
    pending: Arc<Semaphore>,
    max_pending: u32,
    pending_bytes: AtomicU64,
    connections: AtomicI64,
    cuts: [AtomicU64; 3],
}

/// What `/metrics` shows of the intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeStats {
    pub connections: i64,
    pub max_connections: u32,
    pub pending_bodies: u32,
    pub pending_body_bytes: u64,
    /// Bodies cut off, by reason, in the order of [`Cut::ALL`].
    pub cuts: [(Cut, u64); 3],
}

impl Intake {
    pub fn new(
        max_body_bytes: usize,
        min_body_rate: u32,
        max_pending_bodies: u32,
        max_url_bytes: usize,
        max_connections: u32,
    ) -> Arc<Self> {
        Arc::new(Self {
            max_body_bytes,
            min_body_rate,
            max_url_bytes,
            max_connections,
            pending: Arc::new(Semaphore::new(max_pending_bodies as usize)),
            max_pending: max_pending_bodies,
            pending_bytes: AtomicU64::new(0),
            connections: AtomicI64::new(0),
            cuts: Default::default(),
        })
    }

    /// What each of `workers` workers may hold of `--max-http-connections`.
    pub fn connections_per_worker(&self, workers: usize) -> usize {
        (self.max_connections as usize).div_ceil(workers.max(1))
    }

    /// Counts a connection while `extensions` (the connection's own) live: actix drops
    /// them when the connection closes.
    pub fn count_connection(self: &Arc<Self>, extensions: &mut actix_web::dev::Extensions) {
        self.connections.fetch_add(1, Ordering::Relaxed);
        extensions.insert(OpenConnection(Arc::clone(self)));
    }

    pub fn stats(&self) -> IntakeStats {
        let permits = u32::try_from(self.pending.available_permits()).unwrap_or(u32::MAX);
        IntakeStats {
            connections: self.connections.load(Ordering::Relaxed),
            max_connections: self.max_connections,
            pending_bodies: self.max_pending.saturating_sub(permits),
            pending_body_bytes: self.pending_bytes.load(Ordering::Relaxed),
            cuts: Cut::ALL.map(|cut| (cut, self.cuts[cut as usize].load(Ordering::Relaxed))),
        }
    }

    fn cut(&self, why: Cut, received: usize, timeout: Duration) -> BodyError {
        self.cuts[why as usize].fetch_add(1, Ordering::Relaxed);
        BodyError::Cut {
            why,
            received,
            timeout,
            rate: self.min_body_rate,
        }
    }

    /// Reads a request's body, within the bounds: at most `--max-body-bytes`, one of at
    /// most `--max-pending-bodies` read at once, no slower than the rate floor after the
    /// first second, and all of it by `deadline` (the request's, which its `timeout`
    /// set).
    pub async fn read_body(
        &self,
        request: &HttpRequest,
        mut payload: web::Payload,
        deadline: Instant,
        timeout: Duration,
    ) -> Result<web::BytesMut, BodyError> {
        let limit = self.max_body_bytes;
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > limit) {
            return Err(BodyError::TooLarge(limit));
        }
        let Ok(_permit) = Arc::clone(&self.pending).try_acquire_owned() else {
            return Err(self.cut(Cut::Busy, 0, timeout));
        };
        let mut held = Held {
            intake: self,
            bytes: 0,
        };
        let mut floor = RateFloor::new(self.min_body_rate, Instant::now());
        let mut body = web::BytesMut::new();
        loop {
            let until = floor.window_end().map_or(deadline, |end| end.min(deadline));
            match tokio::time::timeout_at(until.into(), payload.next()).await {
                Ok(Some(Ok(chunk))) => {
                    if body.len() + chunk.len() > limit {
                        return Err(BodyError::TooLarge(limit));
                    }
                    if !floor.arrived(chunk.len(), Instant::now()) {
                        return Err(self.cut(Cut::Rate, body.len(), timeout));
                    }
                    held.add(chunk.len());
                    body.extend_from_slice(&chunk);
                }
                Ok(Some(Err(e))) => return Err(BodyError::Broken(e.to_string())),
                Ok(None) => return Ok(body),
                Err(_) if until >= deadline => {
                    return Err(self.cut(Cut::Timeout, body.len(), timeout));
                }
                Err(_) => {
                    if !floor.arrived(0, Instant::now()) {
                        return Err(self.cut(Cut::Rate, body.len(), timeout));
                    }
                }
            }
        }
    }
}

/// The rate a body must keep: after [`GRACE`], `rate` bytes a second in every
/// [`WINDOW`].
#[derive(Debug)]
struct RateFloor {
    /// Bytes a window must bring; none for no floor.
    need: Option<u64>,
    /// Where the current window ends.
    end: Instant,
    /// What the current window has brought.
    brought: u64,
}

impl RateFloor {
    fn new(rate: u32, started: Instant) -> Self {
        Self {
            need: (rate > 0).then(|| (u64::from(rate) as f64 * WINDOW.as_secs_f64()) as u64),
            end: started + GRACE,
            brought: u64::MAX,
        }
    }

    /// When the current window ends, if there is a floor.
    fn window_end(&self) -> Option<Instant> {
        self.need.map(|_| self.end)
    }

    /// Counts `bytes` arrived `now`, closing the windows that ended before: false when
    /// one of them brought less than it needed.
    fn arrived(&mut self, bytes: usize, now: Instant) -> bool {
        let Some(need) = self.need else {
            return true;
        };
        while now >= self.end {
            if self.brought < need {
                return false;
            }
            self.end += WINDOW;
            self.brought = 0;
        }
        self.brought = self.brought.saturating_add(bytes as u64);
        true
    }
}

/// A connection counted in [`Intake`], until it closes.
struct OpenConnection(Arc<Intake>);

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The bytes of a body being read, counted in [`Intake`] until it is done with.
struct Held<'a> {
    intake: &'a Intake,
    bytes: u64,
}

impl Held<'_> {
    fn add(&mut self, bytes: usize) {
        self.bytes += bytes as u64;
        self.intake
            .pending_bytes
            .fetch_add(bytes as u64, Ordering::Relaxed);
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.intake
            .pending_bytes
            .fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

/// Refuses a request whose URL is longer than `--max-url-bytes` with 414 and a coded
/// error, before it is routed.
pub async fn bounded_url(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let max = request
        .app_data::<web::Data<Arc<Intake>>>()
        .map_or(usize::MAX, |intake| intake.max_url_bytes);
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if length > max {
        let response = HttpResponse::UriTooLong()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .json(ErrorCode::UriTooLong.body(format!(
                "the URL has {length} bytes; at most {max} are taken: send a long query with POST"
            )));
        return Ok(request.into_response(response).map_into_right_body());
    }
    Ok(next.call(request).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_must_keep_its_rate_in_every_window_after_the_first_second() {
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        // 1,024 bytes a second: 2,048 in every two seconds after the first.
        let mut floor = RateFloor::new(1024, start);
        assert!(floor.arrived(99_000, at(100)), "the first second is free");
        assert!(floor.arrived(1, at(1_500)));
        assert!(
            !floor.arrived(1, at(3_100)),
            "one byte in a window is too slow"
        );
        let mut steady = RateFloor::new(1024, start);
        for second in 1..10 {
            assert!(steady.arrived(1_100, at(second * 1_000 + 10)));
        }
        // A pause shorter than a window, with enough on either side, is kept.
        let mut paused = RateFloor::new(1024, start);
        assert!(paused.arrived(3_000, at(1_200)));
        assert!(paused.arrived(3_000, at(4_900)));
        let mut none = RateFloor::new(0, start);
        assert!(none.arrived(0, at(60_000)));
        assert_eq!(none.window_end(), None);
    }

    #[test]
    fn connections_are_shared_among_workers() {
        let intake = Intake::new(1, 1, 1, 1, 512);
        assert_eq!(intake.connections_per_worker(2), 256);
        assert_eq!(intake.connections_per_worker(3), 171);
        assert_eq!(intake.connections_per_worker(0), 512);
    }
}
