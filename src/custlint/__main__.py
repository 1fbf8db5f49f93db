from custlint.cli import main

if __name__ == "__main__":  # a spawned worker process imports this module too (multiprocessing on macOS/Windows)
    raise SystemExit(main())
