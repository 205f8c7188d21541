"""What the watch scripts share: a copy of the reference page to edit, and saving as
editors save."""

import os
import pathlib
import shutil
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def reference_copy(prefix):
    """The reference edition's files copied into a fresh folder, with a copy of the
    reference spec reading them (other paths made absolute): (folder, edition folder,
    spec, spec text)."""
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    edition = tmp / "2023-01-18"
    shutil.copytree(ROOT / "fixtures/2023-01-18", edition)
    spec_text = (ROOT / "layouts/zjgrrb-front.toml").read_text(encoding="utf-8")
    spec_text = spec_text.replace('"../fixtures/2023-01-18/', f'"{edition}/')
    spec_text = spec_text.replace('"../', f'"{ROOT}/')
    spec = tmp / "front.toml"
    spec.write_text(spec_text, encoding="utf-8")
    return tmp, edition, spec, spec_text


def save(path, text):
    """Replaces a file as editors save: a temporary file renamed over it."""
    tmp = path.with_suffix(".swp")
    tmp.write_text(text, encoding="utf-8")
    os.rename(tmp, path)
