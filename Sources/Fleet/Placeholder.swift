enum FleetPlaceholder {}
