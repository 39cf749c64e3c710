"""The package list, computed: the folder desktop/ is installed as the package hksh_packager (see
pyproject.toml), and setuptools' own discovery only knows folder names."""

from setuptools import find_packages, setup

CODE = ["hksh_packager" + name[len("desktop") :] for name in find_packages(include=["desktop*"])]
setup(packages=[*CODE, "hksh_packager.schemas", "hksh_packager.resources"])
