# Serves Debian's Redmine with WEBrick on 127.0.0.1 (run by scripts/sync-stack.sh).
# `rails server` cannot: Debian's bundle (Gemfile in /usr/share/redmine) names no web server, so
# "Could not load server webrick" although ruby-webrick is installed. WEBrick is loaded here
# before Bundler narrows the load path, then the app from config.ru is run on it.
# Usage: REDMINE_INSTANCE=... RAILS_ENV=production ruby redmine-server.rb PORT
require 'webrick'
port = Integer(ARGV.fetch(0))
Dir.chdir('/usr/share/redmine')
app, = Rack::Builder.parse_file('config.ru') if defined?(Rack::Builder)
unless app
  require File.expand_path('config/environment', Dir.pwd)
  app = Rails.application
end
require 'rack/handler/webrick'
Rack::Handler::WEBrick.run(app, Host: '127.0.0.1', Port: port, AccessLog: [], Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN))
