#!/usr/bin/env bash
# `litetts book BOOK --device cuda` on the GPU machine, timed end to end (issue 13).
#
# The GPU machine has PyTorch but no registry: litetts's other dependencies travel as
# wheels (`pip download --no-deps --only-binary=:all: --python-version 3.12` for
# manylinux x86_64 of what its image lacks: phonemizer-fork and its segments/csvw/babel/
# rdflib/jsonschema chain, espeakng-loader, soundfile, cffi, pycparser, pydub, EbookLib,
# num2words, platformdirs, and imageio-ffmpeg 0.5.1, whose ffmpeg is a third the size of
# 0.8's), and the bundled int8 model in two parts (`split -b 56000000 model.onnx
# model.part`) with its meta.json and voices/af_heart.bin, each call under 64 MiB.
#   run_book.sh install WHEELS_DIR            # pip install into /tmp/site, check imports
#   run_book.sh stash DIR                     # keep DIR's files in /tmp/dev for a later call
#   run_book.sh book BOOK.epub OUT_DIR        # assemble the store, convert, report
set -uo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
export PYTHONPATH="/tmp/site:$here" PYTHONUNBUFFERED=1
case "$1" in
install)
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site "$2"/*.whl || exit 1
  chmod +x /tmp/site/imageio_ffmpeg/binaries/* 2>/dev/null
  python3 -c "import litetts_cli.cli.app, litetts_cli.book.pipelined, imageio_ffmpeg, torch; from litetts_cli.g2p import espeak; \
print(espeak.phonemize('Hello world.', 'en-us'), imageio_ffmpeg.get_ffmpeg_exe(), torch.__version__, torch.cuda.get_device_name(0))"
  ;;
stash)
  mkdir -p /tmp/dev && cp "$2"/* /tmp/dev/ && ls -la /tmp/dev
  ;;
book)
  book="$2"; out="$3"; home=/tmp/litetts-home
  rm -rf /tmp/litetts-cache /tmp/book.m4b  # every run synthesizes the whole book
  mkdir -p "$home/models/kokoro-v1.0-int8" "$home/voices" "$out"
  cat /tmp/dev/model.part* > "$home/models/kokoro-v1.0-int8/model.onnx"
  cp /tmp/dev/meta.json "$home/models/kokoro-v1.0-int8/" && cp /tmp/dev/af_heart.bin "$home/voices/"
  export LITETTS_HOME="$home" LITETTS_CONFIG=/tmp/no-config.toml
  {
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
    python3 -c "import torch, sys; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'python', sys.version.split()[0])"
    echo "cores $(nproc)"; lscpu | grep 'Model name'
  } > "$out/machine.txt" 2>&1
  cat "$out/machine.txt"
  start=$(date +%s.%N)
  python3 -P -m litetts_cli book "$book" --device cuda --voice af_heart --json -o /tmp/book.m4b --cache-dir /tmp/litetts-cache \
    > "$out/book.json" 2> "$out/book.err"
  rc=$?
  end=$(date +%s.%N)
  echo "exit $rc, wall $(python3 -c "print(round($end - $start, 2))") s (the whole command: start-up, reading the EPUB, all stages)" | tee "$out/wall.txt"
  tail -c 3000 "$out/book.err"
  python3 -P - "$out" <<'PY'
import json, sys
from litetts_cli.encode import probe, read_chapters
out = sys.argv[1]
info = probe("/tmp/book.m4b")
marks = read_chapters("/tmp/book.m4b")
summary = json.load(open(f"{out}/book.json"))
print(json.dumps({"codec": info.codec, "rate": info.sample_rate, "duration_s": info.duration_s, "chapters": len(marks),
                  "stages": summary["stages"], "audio_seconds": summary["audio_seconds"],
                  "wall_seconds": summary["wall_seconds"], "chunks": summary["synthesized_chunks"],
                  "words": sum(c["words"] for c in summary["chapters"])}, indent=1))
PY
  ;;
esac
