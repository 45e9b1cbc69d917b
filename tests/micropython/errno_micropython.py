import uerrno
import errno

print(uerrno is errno, len(errno.errorcode))
print(sorted(errno.errorcode.items())[:3])
print(errno.errorcode[errno.EOPNOTSUPP])
try:
    raise OSError(errno.ENOENT)
except OSError as e:
    print(e.errno, e.args)
