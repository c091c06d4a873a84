"""Measuring tools: RSS sampling, time to first audio, worker failures, peer setup."""

import mmap
import os
import sys
import time

import numpy as np
import pytest

from litetts_cli.bench import peer as peer_lib
from litetts_cli.bench.memory import MB, RssSampler, peak_rss_bytes, rss_bytes
from litetts_cli.bench.runner import summarize
from litetts_cli.bench.ttfa import FirstAudioError, synth_command, time_to_first_audio
from litetts_cli.engine.engine import EngineOptions
from litetts_cli.engine.jobs import PoolSetup
from litetts_cli.engine.pool import EnginePool
from litetts_cli.errors import UsageError, WorkerError


def test_rss_of_this_process_and_its_peak():
    current = rss_bytes(os.getpid())
    assert current is not None and current > 10 * MB
    assert peak_rss_bytes() >= current
    assert rss_bytes(2**22 + 12345) is None  # no such process


def test_sampler_follows_memory_and_marks_phases():
    pids = [os.getpid()]
    with RssSampler(lambda: pids, interval=0.01) as sampler:
        time.sleep(0.05)
        # 64 MB of fresh pages, touched: an anonymous map is never memory an earlier test
        # freed and the allocator kept (np.ones can reuse that, and RSS would not grow).
        block = mmap.mmap(-1, 64 * MB)
        block.write(b"\x01" * (64 * MB))
        sampler.mark("measured")
        time.sleep(0.05)
        block.close()
    assert len(sampler.samples) >= 3
    timeline = sampler.timeline()
    assert timeline["seconds"] == sorted(timeline["seconds"])
    assert "measured" in timeline["marks"]
    assert max(timeline["rss_mb"]) - min(timeline["rss_mb"]) > 40


def test_timeline_thinning_keeps_the_peak():
    sampler = RssSampler(lambda: [])
    sampler.samples = [(i / 10, (1000 if i == 777 else 10) * MB, ()) for i in range(2000)]
    timeline = sampler.timeline(max_points=100)
    assert len(timeline["seconds"]) == 100
    assert max(timeline["rss_mb"]) == 1000


def test_summary_of_repetitions():
    assert summarize([3.0, 1.0, 2.0]) == {"median": 2.0, "min": 1.0, "max": 3.0, "stdev": 1.0, "values": [3.0, 1.0, 2.0]}
    assert summarize([0.5])["stdev"] == 0.0


def test_time_to_first_audio_stops_the_process_after_the_first_bytes(tmp_path):
    pid_file = tmp_path / "pid"
    script = (
        "import os, sys, time\n"
        f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "text = sys.stdin.read()\n"
        "time.sleep(0.3)\n"
        "sys.stdout.buffer.write(text.encode()); sys.stdout.flush()\n"
        "time.sleep(600)\n"
    )
    seconds = time_to_first_audio([sys.executable, "-c", script], "hello")
    assert seconds >= 0.3
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)


def test_time_to_first_audio_reports_the_failure():
    script = "import sys; sys.stdin.read(); print('litetts: error: no such voice', file=sys.stderr); sys.exit(2)"
    with pytest.raises(FirstAudioError, match="no such voice"):
        time_to_first_audio([sys.executable, "-c", script], "hello")


def test_synth_command_uses_this_runs_store(installed_settings):
    command = synth_command(installed_settings, model="kokoro-v1.0-int8", voice="bf_emma", threads=3, speed=1.1)
    assert command[:3] == [sys.executable, "-m", "litetts_cli"]
    assert command[command.index("--home") + 1] == str(installed_settings.home)
    tail = command[command.index("synth"):]
    assert tail[:6] == ["synth", "-", "-o", "-", "--format", "pcm"]
    for flag, value in [("--voice", "bf_emma"), ("--threads", "3"), ("--speed", "1.1"), ("--model", "kokoro-v1.0-int8")]:
        assert tail[tail.index(flag) + 1] == value
    assert "--no-cache" in tail


def test_a_worker_that_cannot_load_its_model_fails_the_run_with_its_reason(tmp_path):
    bogus = tmp_path / "model.onnx"
    bogus.write_bytes(b"not a model")
    setup = PoolSetup(model_path=str(bogus), engine=EngineOptions(threads=1))
    with EnginePool.open(setup, 1) as pool:
        with pytest.raises(WorkerError, match="cannot load model"):
            pool.start()


def test_peer_must_be_known_and_installed(monkeypatch):
    with pytest.raises(UsageError, match="unknown peer 'piper'"):
        peer_lib.check_peer("piper")
    assert peer_lib.check_peer("kokoro-onnx")
    monkeypatch.setitem(sys.modules, "kokoro_onnx", None)  # as if the extra were not installed
    with pytest.raises(peer_lib.PeerMissing, match=r"pip install 'litetts\[peer\]'"):
        peer_lib.check_peer("kokoro-onnx")


def test_peer_voices_file_has_the_layout_kokoro_onnx_indexes(tmp_path, installed_settings):
    from litetts_cli.speech import load_voice

    voice = load_voice(installed_settings, "af_heart")
    path = peer_lib.write_voices_file({"voice0": voice}, tmp_path)
    with np.load(path) as data:
        assert data["voice0"].shape == (510, 1, 256)
        assert np.array_equal(data["voice0"][40, 0], voice.style_for(40))


@pytest.mark.parametrize("flags, present", [
    # A plain AVX2 EPYC (this project's reference machine): no AVX-512, no VNNI.
    ({"sse4_2", "avx", "avx2", "fma"}, {"avx2"}),
    # An AVX-512 VNNI Xeon.
    ({"avx2", "avx512f", "avx512bw", "avx512_vnni"}, {"avx2", "avx512f", "avx512_vnni"}),
    # Sapphire Rapids: AMX tiles.
    ({"avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_tile", "amx_int8"},
     {"avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx"}),
    # Graviton 2/3, Ampere: NEON with the dot-product extension (Linux "Features").
    ({"fp", "asimd", "asimddp", "sve"}, {"neon", "asimddp"}),
    # A Cortex-A53: NEON only.
    ({"fp", "asimd", "crc32"}, {"neon"}),
])
def test_cpu_features_name_the_isa_that_decides_the_kernels(flags, present):
    from litetts_cli.host import CPU_FEATURES, cpu_features

    features = cpu_features(flags)
    assert set(features) == set(CPU_FEATURES)
    assert {name for name, has in features.items() if has} == present


def test_this_machines_features_match_its_flags():
    """Unmasked, what cpuid says (x86) agrees with what the OS lists."""
    from litetts_cli.host import cpu_features, cpu_flags

    assert cpu_features() == cpu_features(cpu_flags())
