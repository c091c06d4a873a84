"""Synthetic signals and cover images for the encoder tests."""

import subprocess

import imageio_ffmpeg
import pytest

def image_bytes(codec_args: list[str], fmt: str) -> bytes:
    result = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error",
         "-f", "lavfi", "-i", "testsrc=size=64x64:rate=1", "-frames:v", "1",
         *codec_args, "-f", fmt, "-"],
        capture_output=True, check=True,
    )
    return result.stdout


@pytest.fixture(scope="session")
def jpeg_cover() -> bytes:
    return image_bytes(["-c:v", "mjpeg"], "image2pipe")


@pytest.fixture(scope="session")
def png_cover() -> bytes:
    return image_bytes(["-c:v", "png"], "image2pipe")


@pytest.fixture(scope="session")
def gif_cover() -> bytes:
    return image_bytes(["-c:v", "gif"], "gif")
