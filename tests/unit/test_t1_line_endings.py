"""The T+1 loader's line-end normalisation, chunk by chunk: whatever the chunk size, the stream
COPY gets is the file with CRLF and CR as LF and its trailing blank lines left out."""

from __future__ import annotations

import random
import re

import pytest

from crm_desktop.services import t1_load


def reference(data: bytes) -> bytes:
    text = re.sub(rb"\r\n?", b"\n", data)
    lines = text.split(b"\n")
    while lines and not lines[-1].strip(b" \t"):
        lines.pop()
    return b"\n".join(lines) + b"\n" if lines else b""


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_normalised_stream_equals_the_reference_for_any_chunk_size(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(t1_load, "COPY_CHUNK", chunk)
    rng = random.Random(chunk)
    path = tmp_path / "f.csv"
    for _ in range(300):
        data = b"".join(rng.choice([b"a", b"1,2", b"\r", b"\n", b"\r\n", b" ", b"\t", b'"x\r\ny"', "张".encode()])
                        for _ in range(rng.randint(0, 30)))
        path.write_bytes(data)
        got = b"".join(t1_load.normalized_chunks(path))
        want = reference(data)
        # The stream may end without the last line's LF (COPY takes either).
        assert got == want or got + b"\n" == want, (data, got, want)
