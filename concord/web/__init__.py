"""The web console (``/console/``) and the public notices site (``/public/``).

Server-rendered Jinja2 pages over the same services as the API, in English, French, Spanish
and Arabic. See docs/web.md.
"""
