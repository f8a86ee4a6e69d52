"""What leaves the process: atomic writing of output folders, the issue history and SMTP."""
