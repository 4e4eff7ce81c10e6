"""The Class page (``/class``): start or join a class; the teacher's screen to project.

All of it is :func:`app.classroom.class_page`; see :mod:`app.classroom`.
"""

from app.classroom import class_page

class_page()
