//! The photo cache on disk (`render --cache DIR`): converted photos and their measured ink
//! kept between processes, the plate the same bytes cold, warm and without it, and an
//! entry that does not check made again.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn render(spec: &Path, out: &Path, cache: Option<&Path>) -> Vec<u8> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_broadsheet"));
    command.arg("render").arg(spec).arg("-o").arg(out);
    if let Some(dir) = cache {
        command.arg("--cache").arg(dir);
    }
    let run = command.env_remove("BROADSHEET_CACHE").output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(out).unwrap()
}

fn entries(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    found.sort();
    found
}

#[test]
fn cached_photos_give_the_same_plate_and_a_bad_entry_is_made_again() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let cache = dir.join("cache");
    let spec = common::reference_spec();
    let plain = render(&spec, &dir.join("plain.pdf"), None);
    let cold = render(&spec, &dir.join("cold.pdf"), Some(&cache));
    // The reference page's two photos, converted, and their ink measured.
    let photos = entries(&cache, "photo");
    assert_eq!((photos.len(), entries(&cache, "ink").len()), (2, 2));
    let kept: Vec<Vec<u8>> = photos.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let warm = render(&spec, &dir.join("warm.pdf"), Some(&cache));
    assert!(plain == cold && cold == warm, "the cache changed the plate");
    // The entries were read, not made again.
    assert_eq!(
        photos
            .iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect::<Vec<_>>(),
        kept
    );

    // An entry whose data no longer has its checksum is not used: the photo is converted
    // again, the plate is the same, and the entry is whole again.
    let mut bad = kept[0].clone();
    let last = bad.len() - 100;
    bad[last] ^= 0xff;
    std::fs::write(&photos[0], &bad).unwrap();
    let again = render(&spec, &dir.join("again.pdf"), Some(&cache));
    assert!(again == plain, "a damaged entry reached the plate");
    assert_eq!(std::fs::read(&photos[0]).unwrap(), kept[0]);

    // Another plate (a lower ink limit) is other entries.
    let text = std::fs::read_to_string(&spec).unwrap();
    let lower = dir.join("front-220.toml");
    let root = common::root();
    std::fs::write(
        &lower,
        format!(
            "{}\n[output]\nink_limit = 220\n",
            text.replace("\"../", &format!("\"{}/", root.display()))
        ),
    )
    .unwrap();
    render(&lower, &dir.join("lower.pdf"), Some(&cache));
    assert_eq!(entries(&cache, "photo").len(), 4);
}
