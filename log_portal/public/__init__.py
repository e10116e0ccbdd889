"""The public site (R31, R32, R44): the pages that compose every app for citizens.

This is the site layer: it reads the apps' selectors and QuerySets; no app imports it.
"""
