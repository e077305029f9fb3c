//! The binary's allocator: mimalloc, asked for a plain block whenever one
//! is aligned enough.
//!
//! Rendering thousands of pages on every core allocates a lot of small
//! strings; mimalloc does that markedly faster than the system allocator.
//! It is built without transparent huge pages (Cargo.toml, `no_thp`): the
//! kernel zeroed each fresh 2 MiB page whole, for pages a build barely
//! touches.
//!
//! The `mimalloc` crate asks for every block by its alignment
//! (`mi_malloc_aligned`), whose checks and slower path for blocks over
//! 1 KiB were about 1% of a large build (docs/performance.md, eleventh
//! round). A block of at least its alignment, for an alignment up to 16
//! bytes, is aligned as it is: mimalloc's own rule for when a plain block
//! will do, and the rule of Rust's `System` allocator on x86-64.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The alignment every mimalloc block of at least that size has
/// (`MI_MAX_ALIGN_SIZE`).
const PLAIN_ALIGN: usize = 16;

pub struct MiMalloc;

/// Whether a plain block of `size` bytes is aligned to `align`.
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

// SAFETY: every block comes from mimalloc and goes back to it (`mi_free`
// takes plain and aligned blocks alike); a plain block is asked for only
// when mimalloc guarantees it the layout's alignment (`plain`).
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        block(layout, false)
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        block(layout, true)
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` was allocated by mimalloc (above).
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated by mimalloc; the new block keeps the alignment.
        unsafe {
            if plain(layout.align(), new_size) {
                mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

/// A new block for `layout`, zeroed or not.
#[inline]
fn block(layout: Layout, zeroed: bool) -> *mut u8 {
    let (size, align) = (layout.size(), layout.align());
    // SAFETY: mimalloc's allocation functions take any size and a
    // power-of-two alignment (a `Layout` has one); they return null when
    // out of memory, which the caller handles.
    let block = unsafe {
        match (plain(align, size), zeroed) {
            (true, false) => mi::mi_malloc(size),
            (true, true) => mi::mi_zalloc(size),
            (false, false) => mi::mi_malloc_aligned(size, align),
            (false, true) => mi::mi_zalloc_aligned(size, align),
        }
    };
    block as *mut u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_the_alignment_asked_for_grown_or_not() {
        let a = MiMalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 15, 16, 24, 40, 100, 1000, 1025, 5000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero size; each block is freed once, by this allocator.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null() && p as usize % align == 0, "{size} bytes at {align}");
                    p.write_bytes(0xab, size);
                    let q = a.realloc(p, layout, size * 3);
                    assert!(!q.is_null() && q as usize % align == 0, "{size} grown, at {align}");
                    assert_eq!(*q.add(size - 1), 0xab, "grown, the bytes stay");
                    a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    let z = a.alloc_zeroed(layout);
                    assert!(z as usize % align == 0 && *z == 0 && *z.add(size - 1) == 0);
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
