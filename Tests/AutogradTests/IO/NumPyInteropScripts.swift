/// Python programs for the NumPy interoperability tests.
///
/// Both print one line per array: `name;descr;d0,d1,...;v0,v1,...`, where floating-point values are
/// their IEEE bit patterns as unsigned integers (exact, NaN included), integers are decimal and
/// booleans are 0 or 1.
enum NumPyInteropScripts {
    /// Shared Python helper printing an array in the line format above.
    private static let printer = """
        import sys, io, numpy as np
        from numpy.lib import format as npformat

        def line(name, a):
            flat = a.reshape(-1)
            if a.dtype.kind == 'f':
                flat = flat.view('<u%d' % a.dtype.itemsize)
            values = ','.join(str(int(v)) for v in flat)
            return f"{name};{a.dtype.str};{','.join(map(str, a.shape))};{values}"

        """

    /// Saves arrays of every supported dtype and shape into `argv[1]` with `np.save`, and arrays
    /// the reader must reject; prints `name;...` lines and `reject;name;message fragment` lines.
    static let numpyWrites = printer + """
        out = sys.argv[1]
        rng = np.random.default_rng(7)
        cases = {
            'f8_matrix': np.arange(12, dtype='<f8').reshape(3, 4) * 0.5 - 1.25,
            'f8_special': np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308, 1 / 3]),
            'f8_random': rng.standard_normal((250, 40)),
            'f4_cube': np.arange(12, dtype='<f4').reshape(2, 3, 2) / np.float32(7),
            'f4_special': np.array([np.nan, np.inf, -0.0, 1e-45, 3.4028235e38], dtype='<f4'),
            'i4_vector': np.array([0, 1, -1, 2**31 - 1, -2**31, 12345, -678], dtype='<i4'),
            'i8_matrix': np.array([[2**63 - 1, -2**63], [0, -42]], dtype='<i8'),
            'b1_matrix': np.array([[True, False, True], [False, False, True]]),
            'f8_scalar': np.array(3.5),
            'i8_scalar': np.array(-9, dtype='<i8'),
            'b1_scalar': np.array(True),
            'f8_empty': np.zeros((0,)),
            'i4_empty': np.zeros((2, 0, 3), dtype='<i4'),
            'f4_ones': np.ones((1, 1, 1, 1), dtype='<f4'),
            'f8_sliced': np.arange(20.0).reshape(4, 5)[::2, 1:4],
        }
        for name, a in cases.items():
            np.save(f'{out}/{name}.npy', a)
            print(line(name, a))
        for version in [(2, 0), (3, 0)]:
            a = np.arange(6, dtype='<i8').reshape(2, 3) - 3
            name = f'i8_version{version[0]}'
            with open(f'{out}/{name}.npy', 'wb') as f:
                npformat.write_array(f, a, version=version)
            print(line(name, a))
        rejects = {
            'fortran': (np.asfortranarray(np.arange(6.0).reshape(2, 3)), 'fortran_order True'),
            'bigendian': (np.arange(3, dtype='>f8'), 'big-endian'),
            'complex': (np.array([1 + 2j]), 'complex'),
            'unicode': (np.array(['ab']), 'Unicode strings'),
            'uint8': (np.arange(3, dtype='u1'), 'unsigned integers'),
            'float16': (np.arange(3, dtype='<f2'), '2-byte floats'),
        }
        for name, (a, message) in rejects.items():
            np.save(f'{out}/reject_{name}.npy', a)
            print(f'reject;{name};{message}')
        """

    /// Loads every array listed in `argv[1]/manifest.txt` with `np.load`, asserts dtype, shape,
    /// values and that `np.save` writes identical bytes (NumPy ≥ 1.24), then prints each array.
    static let numpyReads = printer + """
        directory = sys.argv[1]
        major, minor = (int(part) for part in np.__version__.split('.')[:2])
        compare_bytes = (major, minor) >= (1, 24)
        with open(f'{directory}/manifest.txt') as manifest:
            for entry in manifest:
                name, descr, shape_text, values_text = entry.rstrip('\\n').split(';')
                shape = tuple(int(s) for s in shape_text.split(',') if s)
                dtype = np.dtype(descr)
                numbers = [int(v) for v in values_text.split(',') if v]
                if dtype.kind == 'f':
                    expected = np.array(numbers, dtype='<u%d' % dtype.itemsize).view(dtype)
                else:
                    expected = np.array(numbers, dtype=np.int64).astype(dtype)
                expected = expected.reshape(shape)
                path = f'{directory}/{name}.npy'
                a = np.load(path)
                assert a.dtype.str == descr, (name, a.dtype.str, descr)
                assert a.shape == shape, (name, a.shape, shape)
                assert a.tobytes() == expected.tobytes(), (name, a, expected)
                if compare_bytes:
                    buffer = io.BytesIO()
                    np.save(buffer, a)
                    with open(path, 'rb') as f:
                        assert buffer.getvalue() == f.read(), f'{name}: bytes differ from np.save'
                print(line(name, a))
        print('bytes compared' if compare_bytes else 'bytes not compared: NumPy older than 1.24')
        """
}
