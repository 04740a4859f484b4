"""The image engine: responsive derivatives of a site's pictures (several widths in AVIF, WebP
and the source's own format, cards' crops around a focal point, the ``og:image``), EXIF
orientation applied and every piece of metadata stripped, cached in ``.jarida/images/`` by
content, one source per call so a process pool can map it; and the ``<picture>`` markup.

- :mod:`~jarida.images.spec`: widths, ratios, focal points, formats, encoder settings.
- :mod:`~jarida.images.model`: :class:`ImageJob` in, :class:`ImageResult` out.
- :mod:`~jarida.images.plan`: which derivatives a source gives (no pixels).
- :mod:`~jarida.images.decode`, :mod:`~jarida.images.encode`: pixels in, bytes out.
- :mod:`~jarida.images.store`: the cache, atomic writes, pruning.
- :mod:`~jarida.images.engine`: :func:`process_image`, one source.
- :mod:`~jarida.images.markup`: :func:`picture_html`.
"""
