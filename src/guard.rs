//! A backstop around third-party decoders: a panic inside one (a JPEG decoder's index
//! error on a crafted file, a font parser's) becomes an error that names the input, not a
//! crash of the whole run.
//!
//! Our own code does not panic on input; the decoders we depend on promise the same but
//! have not always kept it (the fuzzers found a JPEG that makes `zune-jpeg` 0.5.15 unwrap
//! `None`). While a guarded call runs, [`active`] is true on its thread (and on another
//! thread doing part of its work through [`within`]), so the command's panic hook can stay
//! quiet about a panic that is caught and reported as an error.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Whether a guarded call is running on this thread.
pub fn active() -> bool {
    DEPTH.with(|d| d.get() > 0)
}

/// Runs `f`; a panic inside it is returned as its message.
pub fn run<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "it panicked".into())
    })
}

/// Runs `f` as part of a guarded call, on another thread (a rayon worker checking one of
/// its pages): a panic inside it is as quiet there as in the call itself, and carried on to
/// the call, which returns its message.
pub fn within<T>(f: impl FnOnce() -> T) -> T {
    match run(f) {
        Ok(value) => value,
        // Carried on without the panic hook's being called again.
        Err(message) => std::panic::resume_unwind(Box::new(message)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_its_message_and_the_guard_is_left() {
        let r: Result<(), String> = super::run(|| panic!("index out of bounds"));
        assert_eq!(r.unwrap_err(), "index out of bounds");
        assert!(!super::active());
        assert_eq!(super::run(|| 7).unwrap(), 7);
    }

    #[test]
    fn a_panic_on_another_thread_of_a_guarded_call_is_quiet_there_and_reaches_the_call() {
        let r: Result<(), String> = super::run(|| {
            std::thread::scope(|s| {
                let worker = s.spawn(|| -> u8 {
                    super::within(|| {
                        assert!(super::active(), "not guarded on the worker");
                        panic!("index out of bounds")
                    })
                });
                if let Err(payload) = worker.join() {
                    std::panic::resume_unwind(payload);
                }
            })
        });
        assert_eq!(r.unwrap_err(), "index out of bounds");
        assert!(!super::active());
    }
}
