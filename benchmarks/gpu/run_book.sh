#!/usr/bin/env bash
# `litetts book BOOK --device cuda` on the GPU machine, timed end to end (issue 13).
#
# The GPU machine has PyTorch but no registry, and each call carries at most 64 MiB, so
# what litetts needs there travels in two calls, from a folder the checkout ignores:
#   call 1: site.tar.zst (the unpacked wheels of litetts's dependencies its image lacks:
#           phonemizer-fork and its segments/csvw/babel/rdflib/jsonschema chain,
#           espeakng-loader, soundfile, pydub, EbookLib, num2words, platformdirs), the cffi
#           and pycparser wheels, a zstd binary, and the first part of the bundled int8
#           model (`zstd model.onnx`, then `split`);
#   call 2: imageio-ffmpeg 0.5.1's wheel (its ffmpeg is a third the size of 0.8's), the
#           model's second part, meta.json, voices/af_heart.bin and this code (code.tar.zst).
#   run_book.sh unpack DIR                    # call 1: unpack DIR into /tmp/site and /tmp/dev
#   run_book.sh setup DIR                     # call 2: the rest, then the model store
#   run_book.sh book BOOK.epub OUT_DIR [timed]  # one timed conversion, its report in OUT_DIR
#                                             # (timed: through timed_cli.py, which also clocks the exit)
#   run_book.sh probe OUT_DIR                 # where loading's seconds go (imports, CUDA)
#   run_book.sh sample BOOK.epub OUT_PREFIX   # 40 chunks of the last run for wer_book.py
#   run_book.sh check CHUNKS.npz OUT.json     # the Triton kernel vs eager and torch.compile
#   run_book.sh bench OUT_DIR                 # litetts benchmark recipes/gpu.toml --device cuda
set -uo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
home=/tmp/litetts-home
export PYTHONPATH="/tmp/site:$here" PYTHONUNBUFFERED=1 LITETTS_HOME="$home" LITETTS_CONFIG=/tmp/no-config.toml
case "$1" in
unpack)
  mkdir -p /tmp/site /tmp/dev /tmp/bin && cp "$2"/bin/* /tmp/bin/ && chmod +x /tmp/bin/zstd || exit 1
  LD_LIBRARY_PATH=/tmp/bin /tmp/bin/zstd -dc "$2"/site.tar.zst | tar x -C /tmp/site || exit 1
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site "$2"/*.whl || exit 1
  cp "$2"/model.part* /tmp/dev/ && ls -la /tmp/dev /tmp/site | head -5
  ;;
setup)
  cp "$2"/model.part* "$2"/meta.json "$2"/af_heart.bin /tmp/dev/ || exit 1
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site "$2"/*.whl || exit 1
  chmod +x /tmp/site/imageio_ffmpeg/binaries/*
  mkdir -p "$home/models/kokoro-v1.0-int8" "$home/voices"
  cat /tmp/dev/model.part* | LD_LIBRARY_PATH=/tmp/bin /tmp/bin/zstd -dc > "$home/models/kokoro-v1.0-int8/model.onnx" || exit 1
  cp /tmp/dev/meta.json "$home/models/kokoro-v1.0-int8/" && cp /tmp/dev/af_heart.bin "$home/voices/"
  python3 -P -c "import litetts_cli.cli.app, litetts_cli.book.pipelined, imageio_ffmpeg, torch; from litetts_cli.g2p import espeak; \
print(espeak.phonemize('Hello world.', 'en-us'), imageio_ffmpeg.get_ffmpeg_exe(), torch.__version__, torch.cuda.get_device_name(0))"
  ;;
probe)
  out="$2"; mkdir -p "$out"
  python3 -P -X importtime -c "import litetts_cli.cli.app" 2> /tmp/importtime.txt
  sort -t'|' -k2 -n -r /tmp/importtime.txt | head -15
  python3 -P - <<'PY' | tee "$out/probe.txt"
import time
t = time.perf_counter()
import torch
t1 = time.perf_counter(); torch.cuda.init(); name = torch.cuda.get_device_name(0)
t2 = time.perf_counter(); import torch._dynamo, torch._inductor.config  # noqa
t3 = time.perf_counter(); torch.zeros(1, device="cuda").sum().item()
t4 = time.perf_counter()
print(f"import torch {t1 - t:.2f} s; CUDA init + name {t2 - t1:.2f} s; import dynamo/inductor {t3 - t2:.2f} s; first kernel {t4 - t3:.2f} s")
PY
  ;;
check)
  # Its own model copy and kernel caches: the store stays as a fresh machine has it.
  mkdir -p /tmp/check && cp "$home/models/kokoro-v1.0-int8/model.onnx" /tmp/check/
  TRITON_CACHE_DIR=/tmp/check/triton TORCHINDUCTOR_CACHE_DIR=/tmp/check/inductor \
    python3 -P "$here/benchmarks/gpu/triton_check.py" /tmp/check/model.onnx --chunks "$2" --out "$3"
  ;;
bench)
  # The recipe reads the corpus EPUB beside it: run it from the checkout's recipes/.
  cp "$here/recipes/gpu.toml" recipes/gpu.toml
  # First audio of `synth --device cuda` alone, so a stall there cannot eat the whole run.
  first=()
  started=$(date +%s.%N)
  bytes=$(echo "The first sentence." | timeout 90 python3 -P -m litetts_cli synth - -o - --format pcm --device cuda \
    --no-cache 2> /tmp/synth.err | head -c 4800 | wc -c)  # synth then stops on the closed pipe, as intended
  [ "$bytes" = 4800 ] || { tail -5 /tmp/synth.err; first=(--no-first-audio); }
  echo "synth --device cuda: first audio path checked in $(python3 -c "print(round($(date +%s.%N) - $started, 1))") s ${first[*]}"
  # Killed at the limit with SIGABRT, so faulthandler prints where every thread was.
  timeout -s ABRT "${BENCH_TIMEOUT:-240}" python3 -P -X faulthandler -m litetts_cli benchmark recipes/gpu.toml \
    --device cuda "${first[@]}" ${BENCH_ARGS:-} --out "$2" > "$2.log" 2>&1
  echo "benchmark exit $?"; tail -c 4000 "$2.log"
  ;;
sample)
  python3 -P "$here/benchmarks/gpu/sample_chunks.py" "$2" /tmp/litetts-cache "$3" --count 40 --files 2
  ;;
book)
  book="$2"; out="$3"
  rm -rf /tmp/litetts-cache /tmp/book.m4b  # every run synthesizes the whole book
  mkdir -p "$out"
  {
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
    python3 -c "import torch, sys; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'python', sys.version.split()[0])"
    echo "cores $(nproc)"; lscpu | grep 'Model name'
  } > "$out/../machine.txt" 2>&1
  cat "$out/../machine.txt"
  start=$(date +%s.%N)
  cli=(-m litetts_cli); [ "${4:-}" = timed ] && cli=("$here/benchmarks/gpu/timed_cli.py")
  python3 -P "${cli[@]}" book "$book" --device cuda --voice af_heart --json -o /tmp/book.m4b --cache-dir /tmp/litetts-cache \
    > "$out/book.json" 2> /tmp/book.err
  rc=$?
  end=$(date +%s.%N)
  echo "exit $rc, wall $(python3 -c "print(round($end - $start, 2))") s (the whole command: start-up, reading the EPUB, all stages)" | tee "$out/wall.txt"
  grep timed_cli /tmp/book.err; tail -c 600 /tmp/book.err
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
                  "loudness_lufs": summary["loudness_lufs"],
                  "words": sum(c["words"] for c in summary["chapters"])}, indent=1))
PY
  ;;
esac
