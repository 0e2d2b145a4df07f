/// Python scripts for the `.npz`, DEFLATE and safetensors interoperability tests.
///
/// The safetensors reference is written here with `struct` and `json` only, from the format's
/// description, so the tests need NumPy but not the `safetensors` package.
enum ArchiveInteropScripts {
    /// Shared definitions: the sample arrays and the safetensors dtype names.
    static let prelude = #"""
    import sys, os, json, struct, zipfile, zlib
    import numpy as np

    rng = np.random.default_rng(7)
    arrays = {
        'layers.0.weight': np.arange(6, dtype='<f8').reshape(2, 3),
        'b': rng.standard_normal((5, 7)).astype('<f4'),
        'scalar': np.array(3.5),
        'ints': np.array([-(2**31), 2**31 - 1, 0], dtype='<i4'),
        'longs': np.array([-(2**63), 2**63 - 1, 12345], dtype='<i8'),
        'flags': np.array([[True, False], [False, True]]),
        'empty': np.zeros((0, 3), dtype='<f4'),
        'big': rng.standard_normal(50000),
        'repetitive': np.tile(np.arange(10.0), 5000),
        'special': np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324]),
    }
    codes = {'<f4': 'F32', '<f8': 'F64', '<i4': 'I32', '<i8': 'I64', '|b1': 'BOOL'}
    dtypes = {v: k for k, v in codes.items()}
    """#

    /// Writes `stored.npz`, `deflated.npz`, `py.safetensors`, one `ref_<name>.npy` per array and a
    /// corpus of raw DEFLATE streams (`deflate_<i>.bin` of `plain_<i>.bin`); prints the names.
    static let pythonWrites = prelude + "\n" + #"""
    d = sys.argv[1]
    np.savez(os.path.join(d, 'stored.npz'), **arrays)
    np.savez_compressed(os.path.join(d, 'deflated.npz'), **arrays)
    for k, v in arrays.items():
        np.save(os.path.join(d, 'ref_' + k + '.npy'), v)

    header, offset, chunks = {'__metadata__': {'format': 'pt', 'note': 'h\u00e9llo "q"'}}, 0, []
    for k, v in arrays.items():
        raw = np.ascontiguousarray(v).tobytes()
        header[k] = {'dtype': codes[v.dtype.str], 'shape': list(v.shape), 'data_offsets': [offset, offset + len(raw)]}
        offset += len(raw)
        chunks.append(raw)
    text = json.dumps(header).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(os.path.join(d, 'py.safetensors'), 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(chunks))

    samples = [b'', b'a', b'hello hello hello hello', bytes(range(256)) * 40, os.urandom(5000),
               b'abc' * 30000, rng.integers(0, 4, 70000).astype(np.uint8).tobytes(),
               arrays['big'].tobytes()]
    count = 0
    for data in samples:
        for level in (0, 1, 6, 9):
            for strategy in (zlib.Z_DEFAULT_STRATEGY, zlib.Z_FILTERED, zlib.Z_HUFFMAN_ONLY, zlib.Z_RLE, zlib.Z_FIXED):
                c = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
                stream = c.compress(data) + c.flush()
                open(os.path.join(d, 'deflate_%d.bin' % count), 'wb').write(stream)
                open(os.path.join(d, 'plain_%d.bin' % count), 'wb').write(data)
                count += 1
    print('deflate %d' % count)
    for k in arrays:
        print(k)
    """#

    /// Reads Autograd's `out.npz` (argv[1]) and `out.safetensors` (argv[2]) and checks every array
    /// against `ref_<name>.npy` in argv[3]; the names follow in order, then `--`, then metadata as JSON.
    static let pythonReads = prelude + "\n" + #"""
    npz, st, d = sys.argv[1:4]
    rest = sys.argv[4:]
    split = rest.index('--')
    names, metadata = rest[:split], json.loads(rest[split + 1])

    def check(name, a):
        r = np.load(os.path.join(d, 'ref_' + name + '.npy'))
        assert a.dtype == r.dtype, (name, a.dtype, r.dtype)
        assert a.shape == r.shape, (name, a.shape, r.shape)
        assert a.tobytes() == r.tobytes(), name

    assert zipfile.ZipFile(npz).testzip() is None
    with np.load(npz) as z:
        assert list(z.files) == names, (z.files, names)
        for k in names:
            check(k, z[k])

    raw = open(st, 'rb').read()
    (n,) = struct.unpack('<Q', raw[:8])
    assert n % 8 == 0
    header = json.loads(raw[8:8 + n].decode('utf-8'))
    buf = raw[8 + n:]
    assert header.pop('__metadata__', {}) == metadata
    assert list(header) == names, (list(header), names)
    ends = 0
    for k, info in header.items():
        b, e = info['data_offsets']
        a = np.frombuffer(buf[b:e], dtype=dtypes[info['dtype']]).reshape(info['shape'])
        check(k, a)
        ends = max(ends, e)
    assert ends == len(buf)
    print('ok %d' % len(names))
    """#
}
