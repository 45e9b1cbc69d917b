import errno

names = ['EPERM', 'ENOENT', 'EIO', 'EBADF', 'EAGAIN', 'ENOMEM', 'EACCES', 'EEXIST', 'ENODEV',
         'EISDIR', 'EINVAL', 'EOPNOTSUPP', 'EADDRINUSE', 'ECONNABORTED', 'ECONNRESET',
         'ENOBUFS', 'ENOTCONN', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'EALREADY',
         'EINPROGRESS']
for n in names:
    v = getattr(errno, n)
    print(n, v, errno.errorcode[v] if n != 'EOPNOTSUPP' else '')
try:
    raise OSError(errno.ENOENT)
except OSError as e:
    print(e.args, e.args[0] == errno.ENOENT)
try:
    raise OSError(errno.EAGAIN, 'try again')
except OSError as e:
    print(e.args, e.errno)
print(type(errno.errorcode), errno.EINVAL in errno.errorcode)
