"""Materials checked for what they are, not what their names say: videos, proposals, images."""
