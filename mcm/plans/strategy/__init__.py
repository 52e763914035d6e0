"""National strategies: loaded from YAML or XLSX files as data, listed, shown and imported."""
