"""A small cross-platform CLI: convert Celsius temperatures.

Run it with `python3 python.py 21.5 -40 --to k --precision 2` (or `--help`).
"""
import argparse

SCALES = {
    "f": ("°F", lambda c: c * 9 / 5 + 32),
    "k": ("K", lambda c: c + 273.15),
}


def main() -> None:
    # argparse generates --help text and error messages automatically.
    parser = argparse.ArgumentParser(description="Convert Celsius temperatures.")
    parser.add_argument(
        "celsius",
        nargs="*",
        type=float,
        default=[-40, 0, 37, 100],  # used when no values are given
        help="temperatures in degrees Celsius",
    )
    parser.add_argument("-t", "--to", choices=SCALES, default="f",
                        help="target scale: f (Fahrenheit) or k (Kelvin)")
    parser.add_argument("-p", "--precision", type=int, default=1,
                        help="digits after the decimal point")
    args = parser.parse_args()

    unit, convert = SCALES[args.to]
    for celsius in args.celsius:
        print(f"{celsius:g} °C = {convert(celsius):.{args.precision}f} {unit}")


if __name__ == "__main__":
    main()
