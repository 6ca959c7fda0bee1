module.exports.build = () => {
  process.stderr.write('build: not implemented in the stand-in yet\n')
  process.exit(2)
}
