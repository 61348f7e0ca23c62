"""Running the bot as a service: health and metrics endpoints, JSON logs, translation catalogues at start."""
