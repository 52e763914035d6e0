"""The meeting page's panels: each part of the meeting workflow (invitations, documents,
minutes, actions) registers what it shows there with `@meeting_panel`, a function of the meeting
and its agenda items returning template values; the page's view computes them all."""

from mcm.core.panels import Panels

meeting_panel = Panels()
