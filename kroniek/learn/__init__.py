"""Learning from coded news: sentence features, the event detector, its training and cross-validation."""
