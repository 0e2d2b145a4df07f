#!/usr/bin/env python3
"""Fits the two polynomials of the float tanh kernel (Sources/CAutogradKernels/tanhf_avx2.c) and
prints them as the C initialisers that file holds.

- P(s) ~ (tanh(sqrt s)/sqrt s - 1)/s on [0, 0.875^2], degree 6, so that tanh a = a + a*s*P(s);
- 2^f on [-1/2, 1/2], degree 6.

Each is a least-squares fit of the relative error on 400 Chebyshev nodes (NumPy, in double), with
the function evaluated by mpmath at 200 bits; the coefficients are then rounded to float. The kernel's
accuracy is measured on the rounded coefficients (Tests/AutogradTests/Tensor/FloatTanhTests.swift).

Usage: python3 Scripts/generate_tanhf_coefficients.py
"""
import mpmath as mp
import numpy as np

mp.mp.prec = 200
SMALL_LIMIT = 0.875
NODES = 400
DEGREE = 6


def p_of_s(s):
    s = mp.mpf(s)
    if s == 0:
        return -mp.mpf(1) / 3
    r = mp.sqrt(s)
    return (mp.tanh(r) / r - 1) / s


def fit(function, low, high):
    k = np.arange(NODES)
    nodes = low + (high - low) * (1 - np.cos((k + 0.5) * np.pi / NODES)) / 2
    values = np.array([float(function(x)) for x in nodes])
    weights = 1 / np.abs(values)
    vandermonde = np.vander(nodes, DEGREE + 1, increasing=True)
    coefficients, *_ = np.linalg.lstsq(vandermonde * weights[:, None], values * weights, rcond=None)
    return [float(np.float32(c)) for c in coefficients]


def c_initialiser(coefficients):
    return ", ".join(repr(c) + "f" for c in coefficients)


print("small_coefficients:", c_initialiser(fit(p_of_s, 0.0, SMALL_LIMIT * SMALL_LIMIT)))
print("exp2_coefficients:", c_initialiser(fit(lambda f: mp.power(2, f), -0.5, 0.5)))
