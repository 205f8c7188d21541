//! Splitting a page into tiles drawn in parallel: recursive halving, each cut placed to
//! even out the work on its two sides, where the work of a tile is its pixels plus the
//! images that reach into it (an image is decoded whole by every tile it reaches, so a cut
//! through one costs it twice).

/// A rectangle of pixels: left, top, width, height.
pub type Tile = (u16, u16, u16, u16);

/// An area that costs more than its pixels (a placed image): its pixel rectangle and its
/// cost in pixel units.
pub type Heavy = (Tile, f64);

/// Tiles covering a `width` × `height` page, `count` of them or fewer (a power of two);
/// their union is the page, and none overlap.
pub fn plan(width: u16, height: u16, heavy: &[Heavy], count: usize) -> Vec<Tile> {
    let mut tiles = vec![(0, 0, width, height)];
    while tiles.len() * 2 <= count.max(1) {
        let before = tiles.len();
        let mut next = Vec::with_capacity(tiles.len() * 2);
        for &tile in &tiles {
            match split(tile, heavy) {
                Some((a, b)) => next.extend([a, b]),
                None => next.push(tile),
            }
        }
        if next.len() == before {
            break;
        }
        tiles = next;
    }
    tiles
}

/// The cost of drawing a tile: its pixels, and every heavy area reaching into it.
fn cost(tile: Tile, heavy: &[Heavy]) -> f64 {
    let (x, y, w, h) = tile;
    let mut c = w as f64 * h as f64;
    for &((hx, hy, hw, hh), weight) in heavy {
        let overlaps = hx < x + w && x < hx + hw && hy < y + h && y < hy + hh;
        if overlaps {
            c += weight;
        }
    }
    c
}

/// The best cut of a tile in two, across or down, between a third and two thirds of its
/// side: the one whose costlier side costs least (ties: nearest the middle).
fn split(tile: Tile, heavy: &[Heavy]) -> Option<(Tile, Tile)> {
    let (x, y, w, h) = tile;
    let mut best: Option<(f64, u16, (Tile, Tile))> = None;
    let steps = 24u16;
    for down in [true, false] {
        let side = if down { w } else { h };
        if side < 2 {
            continue;
        }
        for i in 0..=steps {
            let at = side / 3 + (side / 3) * i / steps;
            if at == 0 || at >= side {
                continue;
            }
            let (a, b) = if down {
                ((x, y, at, h), (x + at, y, w - at, h))
            } else {
                ((x, y, w, at), (x, y + at, w, h - at))
            };
            let worst = cost(a, heavy).max(cost(b, heavy));
            let off = (at as i32 - side as i32 / 2).unsigned_abs() as u16;
            if best.is_none_or(|(c, o, _)| worst < c || (worst == c && off < o)) {
                best = Some((worst, off, (a, b)));
            }
        }
    }
    best.map(|(.., halves)| halves)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covers(tiles: &[Tile], width: u16, height: u16) -> bool {
        let area: u64 = tiles.iter().map(|t| t.2 as u64 * t.3 as u64).sum();
        let inside = tiles
            .iter()
            .all(|&(x, y, w, h)| x + w <= width && y + h <= height && w > 0 && h > 0);
        let apart = tiles.iter().enumerate().all(|(i, a)| {
            tiles[i + 1..].iter().all(|b| {
                !(a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3)
            })
        });
        area == width as u64 * height as u64 && inside && apart
    }

    #[test]
    fn two_images_side_by_side_are_cut_between_not_through() {
        // Two heavy images side by side in the upper half: a cut across would put both in
        // one tile (or cut through both); the cut goes down between them.
        let heavy = [((50, 300, 400, 350), 2e6), ((650, 300, 400, 350), 2e6)];
        let tiles = plan(1100, 1500, &heavy, 2);
        assert_eq!(tiles.len(), 2);
        assert!(covers(&tiles, 1100, 1500));
        let (a, b) = (tiles[0], tiles[1]);
        assert_eq!((a.1, a.3, b.1, b.3), (0, 1500, 0, 1500), "{tiles:?}");
        assert!(a.0 + a.2 >= 450 && a.0 + a.2 <= 650, "{tiles:?}");
    }

    #[test]
    fn a_plain_page_is_halved_and_quartered() {
        let tiles = plan(1000, 1400, &[], 4);
        assert_eq!(tiles.len(), 4);
        assert!(covers(&tiles, 1000, 1400));
        assert!(plan(1000, 1400, &[], 1) == vec![(0, 0, 1000, 1400)]);
        // Three threads: two tiles (the largest power of two not above).
        assert_eq!(plan(1000, 1400, &[], 3).len(), 2);
    }
}
