// What CI checks after building this example (maven-invoker-plugin): the archive a stranger's
// build gets, its layout and settings, its launcher, and its installer.
assert new File(basedir, 'target/greet-1.1.0.tar.gz').isFile() : 'the second build (1.1.0) made no archive'
def archive = new File(basedir, 'target/greet-1.0.0.tar.gz')
assert archive.isFile() : "no ${archive}"
def sum = new File(basedir, 'target/greet-1.0.0.tar.gz.sha256')
assert sum.text.endsWith('  greet-1.0.0.tar.gz\n') : sum.text

def x = new File(basedir, 'target/x')
x.mkdirs()
def tar = ['tar', 'xzf', archive.path, '-C', x.path].execute()
assert tar.waitFor() == 0 : tar.err.text
def dist = new File(x, 'greet-1.0.0')
assert new File(dist, 'VERSION').text == '1.0.0\n'
assert new File(dist, 'bin/greet').canExecute()
def libs = new File(dist, 'lib').list().sort()
assert libs.contains('greet-1.0.0.jar') : libs
assert libs.any { it.startsWith('hoist-picocli-') } : libs
assert libs.any { it.startsWith('hoist-engine-') } : libs
assert libs.any { it.startsWith('picocli-') } : libs

def conf = new groovy.json.JsonSlurper().parse(new File(dist, 'conf/hoist.json'))
assert conf.app.name == 'greet'
assert conf.app.launcher == 'bin/greet'
assert conf.app.version.args == ['--version']
assert conf.registry == 'https://releases.example.org/greet/manifest.json'
assert conf.channel == 'stable'

def launcher = new File(dist, 'bin/greet').text
assert !launcher.contains('@NAME@') && !launcher.contains('@PREFIX@') && !launcher.contains('@MAIN_CLASS@')
assert launcher.contains('GREET_JAVA_OPTS')

def env = ['HOME=' + new File(basedir, 'target/home').path, 'PATH=' + System.getenv('PATH'),
           'JAVA_HOME=' + System.getProperty('java.home')]
def run = { List args ->
  def p = ([new File(dist, 'bin/greet').path] + args).execute(env, dist)
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  [p.exitValue(), out.toString(), err.toString()]
}
def (code, out, err) = run(['--version'])
assert code == 0 && out == 'greet 1.0.0\n' : "${code} ${out} ${err}"
// The update command is there and knows it is greet's, not hoist's.
(code, out, err) = run(['Ada'])
assert code == 0 && out == 'hello, Ada\n' : "${code} ${out} ${err}"
(code, out, err) = run(['update', '--help'])
assert code == 0 && out.contains('--check') : "${code} ${out} ${err}"
// Not installed in a home yet: not self-managed, nothing changed, exit 0.
(code, out, err) = run(['update', '--json'])
assert code == 0 && out.contains('"not-self-managed"') : "${code} ${out} ${err}"

// The third build bundled a runtime: greet runs with no Java of the user's at all.
def rt = new File(basedir, 'target').listFiles().find { it.name ==~ /greet-1\.1\.0-(linux|macos)-(x64|arm64)\.tar\.gz/ }
assert rt != null : 'the runtime build made no platform archive'
def xr = new File(basedir, 'target/xr')
xr.mkdirs()
assert ['tar', 'xzf', rt.path, '-C', xr.path].execute().waitFor() == 0
def rdist = new File(xr, 'greet-1.1.0')
assert new File(rdist, 'runtime/bin/java').canExecute()
// Its start-up class list was learnt from greet's own runs, update checks over HTTP and HTTPS
// included (the whole TLS handshake, and once through GREET_CA_BUNDLE).
def learnt = new File(rdist, 'conf/startup.classlist').readLines().collect { it.split(' ')[0] }
['greet/Greet', 'okhttp3/internal/http1/Http1ExchangeCodec', 'sun/security/ssl/ClientHello',
 'dev/hoist/engine/internal/download/CaBundle'].each { assert learnt.contains(it) : "${it} was not learnt" }
def noJava = ['HOME=' + new File(basedir, 'target/home').path, 'PATH=/nonexistent', 'JAVA_HOME=/nonexistent']
def rp = [new File(rdist, 'bin/greet').path, '--version'].execute(noJava, rdist)
def rout = new StringBuilder(), rerr = new StringBuilder()
rp.waitForProcessOutput(rout, rerr)
assert rp.exitValue() == 0 && rout.toString() == 'greet 1.1.0\n' : "${rout} ${rerr}"

// The installer the app's users run: verifies, extracts, installs into greet's home, links greet.
def installer = new File(basedir, 'target/greet-install.sh')
assert installer.canExecute() : "no ${installer}"
def home = new File(basedir, 'target/home/greet-home')
def bin = new File(basedir, 'target/home/bin')
def install = ['sh', installer.path, '--archive', archive.path, '--home', home.path, '--bin-dir', bin.path]
    .execute(env, basedir)
def iout = new StringBuilder(), ierr = new StringBuilder()
install.waitForProcessOutput(iout, ierr)
assert install.exitValue() == 0 : "${iout} ${ierr}"
assert iout.toString().contains('installed greet 1.0.0 into') : iout
assert new File(home, 'versions/1.0.0/.hoist/complete.json').isFile()
assert java.nio.file.Files.isSymbolicLink(new File(bin, 'greet').toPath())
def linked = [new File(bin, 'greet').path, '--version'].execute(env, basedir)
def lout = new StringBuilder(), lerr = new StringBuilder()
linked.waitForProcessOutput(lout, lerr)
assert linked.exitValue() == 0 && lout.toString() == 'greet 1.0.0\n' : "${lout} ${lerr}"
// Installed, greet manages itself now: the update reaches for the registry (here: none there).
def check = [new File(bin, 'greet').path, 'update', '--check', '--json', '--registry',
             new File(basedir, 'target/no-such-manifest.json').path].execute(env, basedir)
def cout = new StringBuilder(), cerr = new StringBuilder()
check.waitForProcessOutput(cout, cerr)
assert cout.toString().contains('"status":"failed"') && cout.toString().contains('"registry-') : "${cout} ${cerr}"
return true
