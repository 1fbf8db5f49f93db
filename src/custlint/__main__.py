from custlint.cli import entry

if __name__ == "__main__":  # a spawned worker process imports this module too (multiprocessing on macOS/Windows)
    entry()
