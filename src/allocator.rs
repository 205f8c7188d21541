//! The one setting the command makes of the system allocator.
//!
//! glibc's allocator serves a large block from a mapping of its own and returns it when the
//! block is freed; but each such free raises the size from which it does so (up to
//! 32 MiB), so once a decoded photo has been freed, blocks of megabytes are carved from
//! the heaps of the threads that asked for them, and the pages those heaps hold stay the
//! process's. A render frees photos, font programs and page streams of that size all
//! along: the 16-page edition peaked 24 MiB higher than the memory it ever used at once.
//! The command fixes the size at 1 MiB (library users keep their own settings).

/// Fixes the size from which glibc maps blocks of their own, and returns them when freed,
/// at 1 MiB. Does nothing on other platforms. To be called once, before any thread starts.
#[allow(unsafe_code)]
pub fn settle() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: the crate's second `unsafe`. `mallopt` only sets one of glibc's allocator
    // parameters, with a value in its documented range; the command calls it first thing in
    // `main`, before any other thread exists or any allocation depends on it.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
