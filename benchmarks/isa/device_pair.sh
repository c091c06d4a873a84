#!/usr/bin/env bash
# `litetts book` against kokoro-onnx 0.6.1 on the lent device machine, as a quiet pinned
# 2-core CPU, with and without the AVX2 cpuid mask (issue 12). See README.md here.
#
# The device machine has Python 3.12 and numpy but no registry, and each call carries at
# most 64 MiB (the checkout included), so what is needed travels from .devcarry/ (ignored
# by git) in two calls, back to back (the machine keeps /tmp only while it stays warm):
#   device_pair.sh pack SITE_TAR WHEELS          # here: fill .devcarry/a and .devcarry/b
#                                                #   (from PACK_STORE, default ~/.cache/litetts)
#   device_pair.sh unpack .devcarry/a            # call 1: dependencies, first model part
#   device_pair.sh setup .devcarry/b OUT         # call 2: the rest, the store, conversions,
#                                                #   the per-machine choice masked and not
#   device_pair.sh pair OUT [pair.py options]    # the timed runs (python -m benchmarks.isa.pair)
#   device_pair.sh extra DIR                     # unpack DIR's wheels (matplotlib for bench)
#   device_pair.sh bench OUT [--isa avx2] [benchmark options]  # `litetts benchmark`, 2 cores
# SITE_TAR: a tar.zst of litetts's pure dependencies the device image lacks (phonemizer-fork
# and its chain, espeakng-loader, soundfile, pydub, EbookLib, num2words, platformdirs);
# WHEELS: cp312 manylinux wheels of onnxruntime, onnx (+ ml_dtypes, protobuf), joblib, typer,
# rich, regex, psutil, cffi (+ their small deps), and of kokoro-onnx 0.6.1, phonemizer 3.4.0
# and attrs (the peer's own, kept apart: both phonemizers are the module `phonemizer`).
set -uo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
root="${DEVICE_ROOT:-/tmp/dp}"  # everything this script makes on the device
home="$root/home"
cap=$((64 * 1024 * 1024))
export PYTHONPATH="$root/site:$here" PYTHONUNBUFFERED=1 LITETTS_HOME="$home" LITETTS_CONFIG="$root/no-config.toml"
export XDG_CACHE_HOME="$root/xdg-cache" COLUMNS=160
# The CPU path only (torch sees the device's GPU, and litetts's `auto` device would take it).
export LITETTS_DEVICE=cpu CUDA_VISIBLE_DEVICES=
z() { if command -v zstd > /dev/null; then zstd "$@"; else LD_LIBRARY_PATH=$root/bin $root/bin/zstd "$@"; fi; }
pin2() { taskset -c "$(python3 -c 'import os; print(",".join(map(str, sorted(os.sched_getaffinity(0))[:2])))')" "$@"; }
mask() { python3 -m benchmarks.isa.run --isa avx2 -- "$@"; }
wheels() { for w in "$1"/*.whl; do [ -f "$w" ] || continue; python3 -m zipfile -e "$w" "$root/site/" || return 1; done; }
case "$1" in
pack)
  site="$2"; wheels="$3"; carry="$here/.devcarry"; store="${PACK_STORE:-$HOME/.cache/litetts}"
  mkdir -p "$carry/a/bin" "$carry/b" /tmp/pack-peer /tmp/pack-site2
  cp "$site" "$carry/a/site.tar.zst" && cp "$(command -v zstd)" "$carry/a/bin/" || exit 1
  [ -f "$carry/a/site2.tar.zst" ] || for w in "$wheels"/*.whl; do
    case "$(basename "$w")" in kokoro_onnx-*|phonemizer-*|attrs-*) dest=/tmp/pack-peer ;; *) dest=/tmp/pack-site2 ;; esac
    python3 -m zipfile -e "$w" "$dest/" || exit 1
  done
  rm -rf /tmp/pack-site2/onnx/backend/test/data /tmp/pack-site2/onnxruntime/transformers  # tests, not used
  [ -f "$carry/a/site2.tar.zst" ] || tar c -C /tmp/pack-site2 . | zstd -q -19 -T0 -f -o "$carry/a/site2.tar.zst" || exit 1
  tar c -C /tmp/pack-peer . | zstd -q -19 -f -o "$carry/b/peer.tar.zst" || exit 1
  cp "$store/models/kokoro-v1.0-int8/meta.json" "$store/voices/af_heart.bin" "$carry/b/" || exit 1
  python3 -c "import sys; from pathlib import Path; from litetts_cli.engine.voices import VoiceLibrary; \
from litetts_cli.bench.peer import write_voices_file; d = Path(sys.argv[1]); \
write_voices_file({'af_heart': VoiceLibrary(d, d).load('af_heart')}, Path(sys.argv[2]))" "$store/voices" "$carry/b" || exit 1
  [ -f "$carry/model.zst" ] || zstd -q -19 -T0 -o "$carry/model.zst" "$store/models/kokoro-v1.0-int8/model.onnx" || exit 1
  # The first part fills call 1 up to the cap (less the checkout and 1 MiB to spare).
  tree=$(git -C "$here" ls-files -z | xargs -0 du -cb | tail -1 | cut -f1)
  room=$((cap - tree - $(du -cb "$carry/a" | tail -1 | cut -f1) - 1024 * 1024))
  rm -f "$carry"/a/model.zst.* "$carry"/b/model.zst.*
  head -c "$room" "$carry/model.zst" > "$carry/a/model.zst.1" && tail -c +"$((room + 1))" "$carry/model.zst" > "$carry/b/model.zst.2"
  du -cb "$carry/a" | tail -1; du -cb "$carry/b" | tail -1; echo "checkout $tree bytes; cap $cap per call"
  ;;
unpack)
  mkdir -p $root/site $root/dev $root/bin && cp "$2"/bin/* $root/bin/ && chmod +x $root/bin/zstd || exit 1
  for t in "$2"/site.tar.zst "$2"/site2.tar.zst; do z -dc "$t" | tar x -C $root/site || exit 1; done
  cp "$2"/model.zst.1 $root/dev/ && du -sh $root/site $root/dev
  ;;
setup)
  carry="$2"; out="$3"; mkdir -p "$out" $root/peersite "$home/models/kokoro-v1.0-int8" "$home/voices"
  [ -f $root/dev/model.zst.1 ] || { echo "call 1's files are gone (the machine went cold): run unpack again"; exit 3; }
  z -dc "$carry/peer.tar.zst" | tar x -C $root/peersite || exit 1
  wheels "$carry" || exit 1  # late additions, no repack needed
  cat $root/dev/model.zst.1 "$carry/model.zst.2" | z -dc > "$home/models/kokoro-v1.0-int8/model.onnx" || exit 1
  cp "$carry/meta.json" "$home/models/kokoro-v1.0-int8/" && cp "$carry/af_heart.bin" "$home/voices/" && cp "$carry/voices.npz" $root/dev/
  {
    echo "cores $(nproc)"; lscpu
    python3 -c "import sys, numpy, onnxruntime; print('python', sys.version.split()[0], 'numpy', numpy.__version__, 'onnxruntime', onnxruntime.__version__)"
    echo "cpuid features, unmasked: $(python3 -c 'from litetts_cli.host import cpu_features as f; print(sorted(k for k, v in f().items() if v))')"
    echo "cpuid features, masked: $(mask python3 -c 'from litetts_cli.host import cpu_features as f; print(sorted(k for k, v in f().items() if v))')"
  } > "$out/machine.txt" 2>&1
  grep -E "^cores|Model name|Thread|Socket|NUMA node\(s\)|python|cpuid" "$out/machine.txt"
  sha256sum "$home/models/kokoro-v1.0-int8/model.onnx" | tee -a "$out/machine.txt"
  PYTHONPATH="$root/peersite:$PYTHONPATH" python3 -c "import kokoro_onnx, phonemizer; print('peer', kokoro_onnx.__name__, 'ok')" || exit 1
  # The two conversions side by side, each on its own two cores (this is what `models fetch` does first).
  start=$(date +%s)
  second=2,3; [ "$(nproc)" -ge 4 ] || second=0,1  # a 2-core dry run shares its cores
  taskset -c 0,1 python3 -m litetts_cli models convert int8-gemm > "$out/convert-gemm.log" 2>&1 &
  taskset -c $second python3 -m litetts_cli models convert int8-rows > "$out/convert-rows.log" 2>&1
  wait; tail -q -n 1 "$out"/convert-*.log; echo "conversions $(( $(date +%s) - start )) s"
  # The per-machine choice, masked (x86_64:avx2) then unmasked, each pinned to 2 cores.
  for level in avx2 native; do
    start=$(date +%s)
    run=(python3 -m litetts_cli); [ "$level" = avx2 ] && run=(python3 -m benchmarks.isa.run --isa avx2 -- python3 -m litetts_cli)
    taskset -c 0,1 "${run[@]}" models fetch kokoro-v1.0-int8 > "$out/fetch-$level.log" 2>&1
    taskset -c 0,1 "${run[@]}" models list > "$out/models-$level.txt" 2>&1
    # One short synth per level, so the optimized graph each level saves is in place before timing.
    echo "Warm up." | taskset -c 0,1 "${run[@]}" synth - -o "$root/dev/warm-$level.wav" --no-cache >> "$out/fetch-$level.log" 2>&1
    echo "choice $level ($(( $(date +%s) - start )) s):"; grep -E "^\* default" "$out/models-$level.txt"
  done
  cp "$home/models/machine-choice.json" "$out/" 2>/dev/null
  # The device returns only a few files from a call: the logs travel as one archive.
  tar czf "$out/setup-logs.tgz" -C "$out" $(cd "$out" && ls convert-*.log fetch-*.log models-*.txt) && \
    (cd "$out" && rm -f convert-*.log fetch-*.log models-*.txt)
  ;;
pair)
  out="$2"; shift 2
  python3 -m benchmarks.isa.pair --out "$out" --peer-path $root/peersite \
    --peer-model "$home/models/kokoro-v1.0-int8/model.onnx" --peer-voices $root/dev/voices.npz "$@"
  echo "pair exit $?"
  tar czf "$out/logs.tgz" -C "$out" logs && rm -rf "$out/logs"
  ;;
extra)
  wheels "$2" && echo "unpacked $(ls "$2"/*.whl | wc -l) wheels"
  ;;
bench)
  out="$2"; shift 2
  run=(python3 -m litetts_cli); [ "${1:-}" = --isa ] && run=(python3 -m benchmarks.isa.run --isa "$2" -- python3 -m litetts_cli) && shift 2
  pin2 "${run[@]}" benchmark recipes/default.toml --out "$out" --peer kokoro-onnx "$@" > "$out.log" 2>&1
  echo "benchmark exit $?"; tail -c 3000 "$out.log"
  ;;
*)
  sed -n 2,20p "$0"; exit 2
  ;;
esac
