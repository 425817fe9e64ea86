"""The demo area: a fictional authority, its agencies, people and schools, and a year of screenings,
missing episodes, meetings and plans, built as of one reference day (``manage.py load_demo --as-of``).

On top of every layer: the demo may import any app, and no app imports it. Deleting this package (and
its line in ``INSTALLED_APPS``) leaves the domain apps untouched. See docs/architecture.md.
"""
