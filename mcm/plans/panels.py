"""The plan page's panels: progress (plans/progress) and documents (plans/local) register what
they show there with `@plan_panel`, a function of the plan returning template values; the plan
page's view computes them all."""

from mcm.core.panels import Panels

plan_panel = Panels()
