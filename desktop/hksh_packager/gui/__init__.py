"""The desktop app: windows, pages, Qt item models over core results, and workers that run core
calls off the GUI thread. Every decision is core's; a page collects input and shows results."""
