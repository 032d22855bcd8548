"""The Textual side: the app and its factory (`make_app`), its screens, messages and stylesheet,
and the SVG screenshot export. Widgets live in `tui.widgets`."""
