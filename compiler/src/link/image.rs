//! Reading a linked ELF image: the raw flash `.bin` and the size summary.

use crate::boards::Board;
use object::{Object, ObjectSection, ObjectSegment, SectionKind};

/// Flash and RAM use of an image, in bytes.
#[derive(Debug, Default, Clone, Copy)]
pub struct Sizes {
    /// Bytes stored in flash (code, read-only data, initial values of `.data`).
    pub flash: u64,
    /// Bytes of RAM taken by `.data` and `.bss` (the heap and stack are the rest).
    pub ram: u64,
}

/// The raw image to flash: loadable bytes from the flash origin on, gaps filled with 0xFF.
pub fn flash_binary(elf: &[u8], board: &Board) -> Result<Vec<u8>, String> {
    let file =
        object::File::parse(elf).map_err(|e| format!("cannot read the linked image: {e}"))?;
    let flash = board
        .flash_size()
        .zip(board.regions.as_ref().and_then(|r| board.memory(&r.text)));
    let Some((len, region)) = flash else {
        return Err("board has no flash region".into());
    };
    let (start, end) = (region.origin, region.origin + len);
    let mut bin: Vec<u8> = Vec::new();
    for seg in file.segments() {
        let data = seg.data().map_err(|e| e.to_string())?;
        if data.is_empty() {
            continue;
        }
        // Segments are placed by their load (physical) address: `.data` is stored in flash.
        let addr = load_address(elf, seg.address()).unwrap_or(seg.address());
        if addr < start || addr + data.len() as u64 > end {
            continue;
        }
        let off = (addr - start) as usize;
        if bin.len() < off + data.len() {
            bin.resize(off + data.len(), 0xFF);
        }
        bin[off..off + data.len()].copy_from_slice(data);
    }
    Ok(bin)
}

/// The physical address of the program header whose virtual address is `vaddr`.
fn load_address(elf: &[u8], vaddr: u64) -> Option<u64> {
    use object::elf::{FileHeader32, PT_LOAD};
    use object::read::elf::{FileHeader, ProgramHeader};
    let header = FileHeader32::<object::Endianness>::parse(elf).ok()?;
    let endian = header.endian().ok()?;
    for ph in header.program_headers(endian, elf).ok()? {
        if ph.p_type(endian) == PT_LOAD && u64::from(ph.p_vaddr(endian)) == vaddr {
            return Some(u64::from(ph.p_paddr(endian)));
        }
    }
    None
}

/// Flash and static RAM use from the section table.
pub fn sizes(elf: &[u8]) -> Result<Sizes, String> {
    let file =
        object::File::parse(elf).map_err(|e| format!("cannot read the linked image: {e}"))?;
    let mut s = Sizes::default();
    for sec in file.sections() {
        match sec.kind() {
            SectionKind::Text | SectionKind::ReadOnlyData | SectionKind::ReadOnlyString => {
                s.flash += sec.size()
            }
            SectionKind::Data => {
                s.flash += sec.size();
                s.ram += sec.size();
            }
            SectionKind::UninitializedData => s.ram += sec.size(),
            _ => {}
        }
    }
    Ok(s)
}
