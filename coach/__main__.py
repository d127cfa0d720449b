"""`python -m coach` runs the same CLI as the `coach` script."""

from coach.entry import main

if __name__ == "__main__":
    main()
