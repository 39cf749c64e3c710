# PyInstaller runtime hook: what PyInstaller's own PySide6 hook (pyi_rth_pyside6) does, except that
# the step needing QtCore waits until the app imports QtCore. The original imports QtCore on every
# start to register an embedded qt.conf, about 0.1 s before any command runs, which made the frozen
# `--help` take 0.2-0.26 s against 0.06-0.11 s from source; the command line never uses Qt.
# build.spec drops pyi_rth_pyside6 and installs this one in its place.
# ruff: noqa


def _pyi_rthook():
    import importlib.abc
    import importlib.machinery
    import os
    import sys

    from _pyi_rth_utils import is_macos_app_bundle, prepend_path_to_environment_variable
    from _pyi_rth_utils import qt as qt_rth_utils

    qt_rth_utils.ensure_single_qt_bindings_package("PySide6")
    if sys.platform.startswith("win"):
        qt_path = os.path.join(sys._MEIPASS, "PySide6")
    else:
        qt_path = os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_path, "plugins")
    if is_macos_app_bundle:
        # The .app keeps binaries in Contents/Frameworks and data in Contents/Resources; Qt must
        # be told both, as PyInstaller's hook does.
        resources = os.path.normpath(
            os.path.join(sys._MEIPASS, "..", "Resources", os.path.relpath(qt_path, sys._MEIPASS))
        )
        os.environ["QML2_IMPORT_PATH"] = os.pathsep.join(
            [os.path.join(resources, "qml"), os.path.join(qt_path, "qml")]
        )
    else:
        os.environ["QML2_IMPORT_PATH"] = os.path.join(qt_path, "qml")
    if sys.platform.startswith("win"):
        prepend_path_to_environment_variable(sys._MEIPASS, "PATH")
    if sys.platform == "darwin" and not is_macos_app_bundle:
        prepend_path_to_environment_variable(sys._MEIPASS, "DYLD_LIBRARY_PATH")

    class _Loader(importlib.abc.Loader):
        """QtCore's own loader, then the embedded qt.conf, before anything else uses Qt."""

        def __init__(self, loader):
            self.loader = loader

        def create_module(self, spec):
            return self.loader.create_module(spec)

        def exec_module(self, module):
            self.loader.exec_module(module)
            qt_rth_utils.create_embedded_qt_conf("PySide6", qt_path)

    class _QtCoreFinder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name != "PySide6.QtCore":
                return None
            sys.meta_path.remove(self)  # once; the other finders locate the module itself
            spec = importlib.machinery.PathFinder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _Loader(spec.loader)
            return spec

    sys.meta_path.insert(0, _QtCoreFinder())


_pyi_rthook()
del _pyi_rthook
