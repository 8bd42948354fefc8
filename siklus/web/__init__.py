"""The consultation portal: a FastAPI app over `policy.services.consultation` (`siklus serve`)."""
